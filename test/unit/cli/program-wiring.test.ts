/**
 * The commander wiring, in-process (in the style of the changesets CLI's tests, which mock each
 * command and assert what it was called with): the real program from createProgram, every
 * command's implementation module mocked, and an `execute` that records the options it was given
 * and runs the task against a stand-in context. Each row is an argv and the one implementation it
 * must run, with the exact options (the global flags merged in, commander's defaults, repeatable
 * flags collected, --no-* negations); the last rows are command lines commander refuses, with the
 * code it throws and no implementation run. Nothing is spawned and nothing touches the network.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { configShow } from '../../../src/cli/commands/config/run.ts';
import { demo } from '../../../src/cli/commands/demo/run.ts';
import { emulator } from '../../../src/cli/commands/emulator/run.ts';
import { smsGateway } from '../../../src/cli/commands/sms-gateway/run.ts';
import { pendingClear } from '../../../src/cli/commands/pending/clear.ts';
import { pendingList } from '../../../src/cli/commands/pending/list.ts';
import { profileAdd } from '../../../src/cli/commands/profile/add.ts';
import { profileList } from '../../../src/cli/commands/profile/list.ts';
import { profileRemove } from '../../../src/cli/commands/profile/remove.ts';
import { profileRename } from '../../../src/cli/commands/profile/rename.ts';
import { profileShow } from '../../../src/cli/commands/profile/show.ts';
import { profileUse } from '../../../src/cli/commands/profile/use.ts';
import { smoke } from '../../../src/cli/commands/smoke/run.ts';
import { start } from '../../../src/cli/commands/start/run.ts';
import { tokenClear } from '../../../src/cli/commands/token/clear.ts';
import { tokenDecode } from '../../../src/cli/commands/token/decode.ts';
import { tokenRefresh } from '../../../src/cli/commands/token/refresh.ts';
import { tokenRevoke } from '../../../src/cli/commands/token/revoke.ts';
import { tokenShow } from '../../../src/cli/commands/token/show.ts';
import { tokenUserinfo } from '../../../src/cli/commands/token/userinfo.ts';
import { tokenVerify } from '../../../src/cli/commands/token/verify.ts';
import { verify } from '../../../src/cli/commands/verify/run.ts';
import type { Context, RunOptions } from '../../../src/cli/context.ts';
import { createProgram } from '../../../src/cli/program.ts';
import type { Execute } from '../../../src/cli/task.ts';
import { UsageError } from '../../../src/core/errors.ts';

// Every mocked implementation returns the same empty view (vi.mock factories are hoisted above the imports, so this is too).
const { implementation } = vi.hoisted(() => {
  const view = { kind: 'output' as const, json: {}, lines: () => [] };
  return { implementation: () => vi.fn(async () => view) };
});

vi.mock('../../../src/cli/commands/start/run.ts', () => ({ start: implementation() }));
vi.mock('../../../src/cli/commands/verify/run.ts', () => ({ verify: implementation() }));
vi.mock('../../../src/cli/commands/token/show.ts', () => ({ tokenShow: implementation() }));
vi.mock('../../../src/cli/commands/token/decode.ts', () => ({ tokenDecode: implementation() }));
vi.mock('../../../src/cli/commands/token/verify.ts', () => ({ tokenVerify: implementation() }));
vi.mock('../../../src/cli/commands/token/refresh.ts', () => ({ tokenRefresh: implementation() }));
vi.mock('../../../src/cli/commands/token/revoke.ts', () => ({ tokenRevoke: implementation() }));
vi.mock('../../../src/cli/commands/token/userinfo.ts', () => ({ tokenUserinfo: implementation() }));
vi.mock('../../../src/cli/commands/token/clear.ts', () => ({ tokenClear: implementation() }));
vi.mock('../../../src/cli/commands/profile/add.ts', () => ({ profileAdd: implementation() }));
vi.mock('../../../src/cli/commands/profile/list.ts', () => ({ profileList: implementation() }));
vi.mock('../../../src/cli/commands/profile/show.ts', () => ({ profileShow: implementation() }));
vi.mock('../../../src/cli/commands/profile/use.ts', () => ({ profileUse: implementation() }));
vi.mock('../../../src/cli/commands/profile/remove.ts', () => ({ profileRemove: implementation() }));
vi.mock('../../../src/cli/commands/profile/rename.ts', () => ({ profileRename: implementation() }));
vi.mock('../../../src/cli/commands/config/run.ts', () => ({ configShow: implementation() }));
vi.mock('../../../src/cli/commands/pending/list.ts', () => ({ pendingList: implementation() }));
vi.mock('../../../src/cli/commands/pending/clear.ts', () => ({ pendingClear: implementation() }));
vi.mock('../../../src/cli/commands/emulator/run.ts', () => ({ emulator: implementation() }));
vi.mock('../../../src/cli/commands/sms-gateway/run.ts', () => ({ smsGateway: implementation() }));
vi.mock('../../../src/cli/commands/demo/run.ts', () => ({ demo: implementation() }));
vi.mock('../../../src/cli/commands/smoke/run.ts', () => ({ smoke: implementation() }));

const IMPLEMENTATIONS = {
  start,
  verify,
  tokenShow,
  tokenDecode,
  tokenVerify,
  tokenRefresh,
  tokenRevoke,
  tokenUserinfo,
  tokenClear,
  profileAdd,
  profileList,
  profileShow,
  profileUse,
  profileRemove,
  profileRename,
  configShow,
  pendingList,
  pendingClear,
  emulator,
  smsGateway,
  demo,
  smoke,
};
type Name = keyof typeof IMPLEMENTATIONS;

/** The stand-in context the recorded tasks run against: the implementations are mocks, so nothing reads it. */
const ctx = { json: false } as Context;

/** What every command's options hold with no flag given: commander's defaults of the global flags. */
const GLOBALS = { timeout: '30', color: true, input: true };
/** `pwless emulator`'s own defaults. */
const EMULATOR = {
  port: '4010',
  host: '127.0.0.1',
  otpLength: '6',
  otpTtl: '300',
  startLimit: '50',
  tokenLimit: '30',
  bruteForceThreshold: '10',
  outboxPerRecipient: '100',
  outboxTotal: '10000',
  fault: [],
  limits: true,
  smtpFailure: 'report',
  smtpTimeout: '10',
  smsGatewayTimeout: '30',
};

interface Run {
  runs: RunOptions[];
  out: string;
  err: string;
  error: unknown;
}

async function parse(argv: string[]): Promise<Run> {
  const run: Run = { runs: [], out: '', err: '', error: undefined };
  const execute: Execute = async (options, task) => {
    run.runs.push(options);
    await task(ctx);
  };
  const program = await createProgram(
    execute,
    (s) => {
      run.out += s;
    },
    (s) => {
      run.err += s;
    },
    {},
    argv, // as main.ts builds it: only the command the line names is defined in full
  );
  try {
    await program.parseAsync(['node', 'pwless', ...argv]);
  } catch (error) {
    run.error = error;
  }
  return run;
}

function calledImplementations(): Name[] {
  return (Object.keys(IMPLEMENTATIONS) as Name[]).filter((name) => vi.mocked(IMPLEMENTATIONS[name]).mock.calls.length > 0);
}

interface Row {
  argv: string[];
  runs: Name;
  /** The arguments the implementation gets, the context last. */
  with: unknown[];
  /** The options execute gets (createContext reads them); the implementation's options when omitted. */
  options?: Record<string, unknown>;
}

const ROWS: Row[] = [
  {
    argv: [
      'start',
      '--email',
      'me@example.com',
      '--send',
      'link',
      '--auth-param',
      'prompt=login',
      '--auth-param',
      'ui_locales=fr',
      '--no-save',
      '--json',
      '-p',
      'dev',
    ],
    runs: 'start',
    with: [
      {
        ...GLOBALS,
        wait: true,
        save: false,
        email: 'me@example.com',
        send: 'link',
        authParam: { prompt: 'login', ui_locales: 'fr' },
        json: true,
        profile: 'dev',
      },
      ctx,
    ],
  },
  {
    argv: ['--domain', 'tenant.example.com', '--timeout', '5', 'start', '--phone', '+15550100', '--send', 'code', '--no-wait', '--otp-from', 'stdin'],
    runs: 'start',
    with: [{ ...GLOBALS, timeout: '5', domain: 'tenant.example.com', wait: false, save: true, phone: '+15550100', send: 'code', otpFrom: 'stdin' }, ctx],
  },
  {
    argv: ['start', '--email', 'me@example.com', '--send', 'link', '--listen', '--listen-timeout', '90'],
    runs: 'start',
    with: [{ ...GLOBALS, wait: true, save: true, email: 'me@example.com', send: 'link', listen: true, listenTimeout: '90' }, ctx],
  },
  {
    argv: ['start', '--email', 'me@example.com', '--send', 'link', '--listen', '8123'],
    runs: 'start',
    with: [{ ...GLOBALS, wait: true, save: true, email: 'me@example.com', send: 'link', listen: '8123' }, ctx],
  },
  {
    argv: ['verify', '--email', 'me@example.com', '--otp', '123456', '--show-tokens', '--curl', '-v'],
    runs: 'verify',
    with: [{ ...GLOBALS, save: true, email: 'me@example.com', otp: '123456', showTokens: true, curl: true, verbose: true }, ctx],
  },
  {
    argv: ['verify', '--link', '-', '--no-save', '--client-secret-file', 'secret.txt', '--no-input'],
    runs: 'verify',
    with: [{ ...GLOBALS, input: false, save: false, link: '-', clientSecretFile: 'secret.txt' }, ctx],
  },
  { argv: ['token'], runs: 'tokenShow', with: [GLOBALS, ctx] },
  {
    argv: ['token', 'show', '--raw', 'access_token', '--show-tokens', '--client-id', 'app'],
    runs: 'tokenShow',
    with: [{ ...GLOBALS, raw: 'access_token', showTokens: true, clientId: 'app' }, ctx],
  },
  { argv: ['token', 'decode', 'aaa.bbb.ccc'], runs: 'tokenDecode', with: ['aaa.bbb.ccc', GLOBALS, ctx] },
  { argv: ['token', 'decode'], runs: 'tokenDecode', with: [undefined, GLOBALS, ctx] },
  {
    argv: [
      'token',
      'verify',
      '-',
      '--audience',
      'https://api.example.com/',
      '--leeway',
      '30',
      '--jwks',
      'keys.json',
      '--issuer',
      'https://issuer.example.com/',
    ],
    runs: 'tokenVerify',
    with: ['-', { ...GLOBALS, audience: 'https://api.example.com/', leeway: '30', jwks: 'keys.json', issuer: 'https://issuer.example.com/' }, ctx],
  },
  {
    argv: ['token', 'verify', '--nonce', 'n-1', '--max-age', '3600'],
    runs: 'tokenVerify',
    with: [undefined, { ...GLOBALS, nonce: 'n-1', maxAge: '3600' }, ctx],
  },
  {
    argv: ['token', 'refresh', '--client-secret-file', '-', '--raw', 'id_token', '--curl'],
    runs: 'tokenRefresh',
    with: [{ ...GLOBALS, clientSecretFile: '-', raw: 'id_token', curl: true }, ctx],
  },
  {
    argv: ['token', 'revoke', '--client-secret-file', '-', '--curl'],
    runs: 'tokenRevoke',
    with: [{ ...GLOBALS, clientSecretFile: '-', curl: true }, ctx],
  },
  { argv: ['token', 'userinfo', '--quiet'], runs: 'tokenUserinfo', with: [{ ...GLOBALS, quiet: true }, ctx] },
  { argv: ['token', 'clear', '--all'], runs: 'tokenClear', with: [{ ...GLOBALS, all: true }, ctx] },
  {
    argv: [
      'profile',
      'add',
      'dev',
      '--domain',
      'tenant.auth0.com',
      '--client-id',
      'abc',
      '--type',
      'regular_web',
      '--secret-ref',
      'env:DEV_SECRET',
      '--auth-param',
      'prompt=login',
      '--auth-param',
      'connection_scope=x',
      '--default',
      '--force',
    ],
    runs: 'profileAdd',
    with: [
      'dev',
      {
        ...GLOBALS,
        domain: 'tenant.auth0.com',
        clientId: 'abc',
        type: 'regular_web',
        secretRef: 'env:DEV_SECRET',
        authParam: { prompt: 'login', connection_scope: 'x' },
        default: true,
        force: true,
      },
      ctx,
    ],
  },
  { argv: ['profile', 'add', 'ci', '--from-env'], runs: 'profileAdd', with: ['ci', { ...GLOBALS, fromEnv: true }, ctx] },
  { argv: ['profile', 'list', '--json'], runs: 'profileList', with: [ctx], options: { ...GLOBALS, json: true } },
  { argv: ['profile', 'show', 'dev'], runs: 'profileShow', with: ['dev', GLOBALS, ctx] },
  { argv: ['profile', 'show', '--resolved'], runs: 'profileShow', with: [undefined, { ...GLOBALS, resolved: true }, ctx] },
  { argv: ['profile', 'use', 'dev'], runs: 'profileUse', with: ['dev', ctx], options: GLOBALS },
  { argv: ['profile', 'remove', 'dev', '-y'], runs: 'profileRemove', with: ['dev', { ...GLOBALS, yes: true }, ctx] },
  { argv: ['profile', 'rename', 'dev', 'staging'], runs: 'profileRename', with: ['dev', 'staging', ctx], options: GLOBALS },
  {
    argv: ['config', '--client-id', 'abc', '--config-dir', '/tmp/pwless-config'],
    runs: 'configShow',
    with: [{ ...GLOBALS, clientId: 'abc', configDir: '/tmp/pwless-config' }, ctx],
  },
  { argv: ['pending', '--otp-lifetime', '600'], runs: 'pendingList', with: [{ ...GLOBALS, otpLifetime: '600' }, ctx] },
  { argv: ['pending', 'clear', '--all'], runs: 'pendingClear', with: [{ ...GLOBALS, all: true }, ctx] },
  { argv: ['emulator'], runs: 'emulator', with: [{ ...GLOBALS, ...EMULATOR }, ctx] },
  {
    argv: ['emulator', '--port', '0', '--seed', 's', '--fault', '{"count":1}', '--fault', '{"status":503}', '--no-limits'],
    runs: 'emulator',
    with: [{ ...GLOBALS, ...EMULATOR, port: '0', seed: 's', fault: ['{"count":1}', '{"status":503}'], limits: false }, ctx],
  },
  {
    argv: ['emulator', '--smtp', 'smtp://127.0.0.1:1025', '--smtp-failure', 'fail', '--smtp-timeout', '2', '--sms-gateway', 'http://127.0.0.1:4020/sms'],
    runs: 'emulator',
    with: [{ ...GLOBALS, ...EMULATOR, smtp: 'smtp://127.0.0.1:1025', smtpFailure: 'fail', smtpTimeout: '2', smsGateway: 'http://127.0.0.1:4020/sms' }, ctx],
  },
  {
    argv: [
      'emulator',
      '--sms-gateway',
      'http://127.0.0.1:4020/sms',
      '--sms-gateway-secret-file',
      'secret.txt',
      '--sms-gateway-secret-base64',
      '--sms-gateway-subject',
      'urn:Auth0',
      '--sms-gateway-audience',
      'urn:gw',
      '--sms-gateway-forward-req-info',
      '--sms-gateway-timeout',
      '5',
    ],
    runs: 'emulator',
    with: [
      {
        ...GLOBALS,
        ...EMULATOR,
        smsGateway: 'http://127.0.0.1:4020/sms',
        smsGatewaySecretFile: 'secret.txt',
        smsGatewaySecretBase64: true,
        smsGatewaySubject: 'urn:Auth0',
        smsGatewayAudience: 'urn:gw',
        smsGatewayForwardReqInfo: true,
        smsGatewayTimeout: '5',
      },
      ctx,
    ],
  },
  { argv: ['sms-gateway'], runs: 'smsGateway', with: [{ ...GLOBALS, port: '4011', host: '127.0.0.1', maxMessages: '1000' }, ctx] },
  {
    argv: [
      'sms-gateway',
      '--port',
      '0',
      '--jwt-secret-file',
      'gw.secret',
      '--subject',
      'urn:Auth0',
      '--audience',
      'urn:gw',
      '--secret-base64',
      '--show-codes',
      '--json',
    ],
    runs: 'smsGateway',
    with: [
      {
        ...GLOBALS,
        port: '0',
        host: '127.0.0.1',
        maxMessages: '1000',
        jwtSecretFile: 'gw.secret',
        subject: 'urn:Auth0',
        audience: 'urn:gw',
        secretBase64: true,
        showCodes: true,
        json: true,
      },
      ctx,
    ],
  },
  // demo's implementation takes no options: --show-tokens reaches its view through the context, made from these options.
  { argv: ['demo', '--show-tokens'], runs: 'demo', with: [{}, ctx], options: { ...GLOBALS, showTokens: true } },
  {
    argv: ['--domain', 'http://127.0.0.1:4010', 'smoke', '--client-id', 'emulator-native', '--email', 'ci@example.com', '--otp-from', 'emulator', '--json'],
    runs: 'smoke',
    with: [{ ...GLOBALS, domain: 'http://127.0.0.1:4010', clientId: 'emulator-native', email: 'ci@example.com', otpFrom: 'emulator', json: true }, ctx],
  },
  {
    argv: ['smoke', '--email-template', 'ci+{n}@example.com', '--otp-from', 'emulator', '--repeat', '50', '--concurrency', '5', '--i-know-this-is-my-tenant'],
    runs: 'smoke',
    with: [{ ...GLOBALS, emailTemplate: 'ci+{n}@example.com', otpFrom: 'emulator', repeat: '50', concurrency: '5', iKnowThisIsMyTenant: true }, ctx],
  },
  {
    argv: ['smoke', '--phone', '+15550100', '--otp', '123456', '--userinfo', '--junit', 'smoke.xml', '--send', 'code', '--auth-param', 'prompt=login'],
    runs: 'smoke',
    with: [{ ...GLOBALS, phone: '+15550100', otp: '123456', userinfo: true, junit: 'smoke.xml', send: 'code', authParam: { prompt: 'login' } }, ctx],
  },
  {
    argv: [
      'smoke',
      '--email',
      'ci@example.com',
      '--otp-from',
      'cmd:./mail.sh',
      '--expect-claim',
      'email_verified=true',
      '--expect-claim',
      'access_token.azp=app',
      '--expect-claim-absent',
      'nonce',
      '--expect-scope',
      'openid',
      '--expect-scope',
      'offline_access',
      '--expect-ttl-min',
      '3600',
      '--expect-refresh-token',
      '--github-output',
      'token=access_token',
      '--github-output',
      'sub',
      '--output',
      'dotenv',
    ],
    runs: 'smoke',
    with: [
      {
        ...GLOBALS,
        email: 'ci@example.com',
        otpFrom: 'cmd:./mail.sh',
        expectClaim: ['email_verified=true', 'access_token.azp=app'],
        expectClaimAbsent: ['nonce'],
        expectScope: ['openid', 'offline_access'],
        expectTtlMin: '3600',
        expectRefreshToken: true,
        githubOutput: ['token=access_token', 'sub'],
        output: 'dotenv',
      },
      ctx,
    ],
  },
  {
    argv: ['smoke', '--phone-template', '+1555000{n:4}', '--otp-from', 'emulator', '--export', 'k6', 'load.js', '--repeat', '200', '--concurrency', '10'],
    runs: 'smoke',
    with: [{ ...GLOBALS, phoneTemplate: '+1555000{n:4}', otpFrom: 'emulator', export: ['k6', 'load.js'], repeat: '200', concurrency: '10' }, ctx],
  },
];

beforeEach(() => {
  vi.clearAllMocks();
});

describe('argv → the implementation that runs, and its options', () => {
  it('has a row for every command and subcommand that runs a task', () => {
    expect(new Set(ROWS.map((row) => row.runs))).toEqual(new Set(Object.keys(IMPLEMENTATIONS)));
  });

  it.each(ROWS.map((row) => [row.argv.join(' '), row] as const))('pwless %s', async (_argv, row) => {
    const run = await parse(row.argv);
    expect(run.error).toBeUndefined();
    expect(calledImplementations()).toEqual([row.runs]);
    expect(vi.mocked(IMPLEMENTATIONS[row.runs]).mock.calls).toEqual([row.with]);
    expect(run.runs).toEqual([row.options ?? row.with.at(-2)]);
    expect(run.err).toBe('');
  });
});

describe('command lines commander refuses', () => {
  it.each([
    [['start', '--bogus'], 'commander.unknownOption', "unknown option '--bogus'"],
    [['bogus'], 'commander.unknownCommand', "unknown command 'bogus'"],
    [['profile', 'add'], 'commander.missingArgument', "missing required argument 'name'"],
    [['profile', 'rename', 'dev'], 'commander.missingArgument', "missing required argument 'new'"],
    [['start', '--email'], 'commander.optionMissingArgument', "option '--email <address>' argument missing"],
    [['token', 'show', '--raw', 'bogus'], 'commander.invalidArgument', "option '--raw <name>' argument 'bogus' is invalid"],
    [['completion', 'tcsh'], 'commander.invalidArgument', "command-argument value 'tcsh' is invalid for argument 'shell'"],
    [['token', 'decode', 'a', 'b'], 'commander.excessArguments', 'too many arguments'],
  ])('pwless %j: %s, and nothing runs', async (argv, code, message) => {
    const run = await parse(argv);
    expect(run.error).toMatchObject({ code });
    expect(run.err).toContain(message);
    expect(run.runs).toEqual([]);
    expect(calledImplementations()).toEqual([]);
  });

  it('a flag value our own parser refuses is a UsageError, before anything runs', async () => {
    const run = await parse(['start', '--email', 'me@example.com', '--auth-param', 'novalue']);
    expect(run.error).toBeInstanceOf(UsageError);
    expect((run.error as UsageError).message).toBe('--auth-param "novalue" is not key=value.');
    expect(run.runs).toEqual([]);
    expect(calledImplementations()).toEqual([]);
  });
});
