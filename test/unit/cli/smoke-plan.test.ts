/**
 * `pwless smoke` refuses missing or contradictory input before it sends anything (docs/smoke.md),
 * each refusal with the code that names its fault (docs/errors.md). The plan runs in-process,
 * against a context made by createContext from stand-in streams; the target is a port nothing
 * listens on and every code source is a command, so no refusal here could have reached a server.
 * The last test runs a small --repeat against an in-process emulator on loopback, to see the
 * progress bar drawn only when the context says stderr is a terminal.
 */
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smoke } from '../../../src/cli/commands/smoke/run.ts';
import { createContext, type Context } from '../../../src/cli/context.ts';
import { planSmoke, type SmokeOptions } from '../../../src/cli/smoke/plan.ts';
import { UsageError } from '../../../src/core/errors.ts';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

interface Captured {
  ctx: Context;
  stderr: () => string;
}

async function context(options: { json?: boolean; stderrIsTTY?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Captured> {
  const stderr = Object.assign(new PassThrough(), { isTTY: options.stderrIsTTY });
  let written = '';
  stderr.on('data', (chunk: Buffer) => {
    written += chunk.toString();
  });
  const ctx = await createContext(
    { json: options.json, configDir: tempDir('pwless-smoke-plan-') },
    { env: options.env ?? {}, stdin: new PassThrough(), stdout: new PassThrough(), stderr, nodeVersion: process.versions.node },
  );
  return { ctx, stderr: () => written };
}

const TARGET = { domain: 'http://127.0.0.1:9', clientId: 'app' };
const ONE = { ...TARGET, email: 'ci@example.com', otpFrom: 'cmd:true' };
const TEMPLATE = { ...TARGET, emailTemplate: 'ci+{n}@example.com', otpFrom: 'cmd:true' };

describe('pwless smoke refuses before any request, with the code of the fault', () => {
  it.each<[string, SmokeOptions, string, string, { json?: boolean; env?: NodeJS.ProcessEnv }?]>([
    ['no code source (it never prompts)', { ...TARGET, email: 'ci@example.com' }, 'no_code_source', 'never prompts'],
    ['no identity', { ...TARGET, otpFrom: 'cmd:true' }, 'missing_identity', 'Say who logs in'],
    ['one identity for parallel runs', { ...ONE, repeat: '4', concurrency: '2' }, 'missing_identity', 'needs one identity per run'],
    ['--otp for a magic link', { ...TARGET, email: 'ci@example.com', otp: '123456', send: 'link' }, 'link_expected', 'a magic link comes from --otp-from'],
    ['--otp with --repeat', { ...TARGET, email: 'ci@example.com', otp: '123456', repeat: '2' }, 'conflicting_options', 'with --repeat, use --otp-from'],
    ['--otp-from stdin with --repeat', { ...TEMPLATE, otpFrom: 'stdin', repeat: '2' }, 'conflicting_options', '--otp-from stdin reads one line'],
    ['--send sms', { ...ONE, send: 'sms' }, 'invalid_send', '--send "sms" is not valid'],
    ['--repeat 0', { ...ONE, repeat: '0' }, 'invalid_repeat', '--repeat "0" is not valid'],
    ['--concurrency many', { ...TEMPLATE, repeat: '4', concurrency: 'many' }, 'invalid_concurrency', '--concurrency "many" is not valid'],
    ['--concurrency above --repeat', { ...TEMPLATE, repeat: '2', concurrency: '3' }, 'invalid_concurrency', 'is more than --repeat 2'],
    [
      '--repeat over the bound on a remote tenant',
      { ...TEMPLATE, domain: 'tenant.example.com', repeat: '1001' },
      'bound_exceeded',
      '--repeat 1001 is over 1000',
    ],
    [
      '--concurrency over the bound on a remote tenant',
      { ...TEMPLATE, domain: 'tenant.example.com', repeat: '60', concurrency: '51' },
      'bound_exceeded',
      '--concurrency 51 is over 50',
    ],
    ['both templates', { ...TEMPLATE, phoneTemplate: '+1555{n:4}' }, 'conflicting_options', '--email-template or --phone-template, not both'],
    ['a template and --email', { ...TEMPLATE, email: 'ci@example.com' }, 'conflicting_options', '--email-template or --email/--phone, not both'],
    ['a template without {n}', { ...TEMPLATE, emailTemplate: 'ci@example.com' }, 'invalid_identity_template', 'has no {n}'],
    ['--output yaml', { ...ONE, output: 'yaml' }, 'invalid_output_format', '--output "yaml" is not valid'],
    ['--output with --json', { ...ONE, output: 'env' }, 'conflicting_options', '--output and --json both want stdout', { json: true }],
    ['--output with --repeat', { ...TEMPLATE, output: 'env', repeat: '2' }, 'conflicting_options', '--output prints the tokens of one login'],
    ['--output with --export', { ...ONE, output: 'env', export: ['k6', 'load.js'] }, 'conflicting_options', '--export runs none'],
    [
      '--junit in a directory that does not exist',
      { ...ONE, junit: '/no/such/dir/smoke.xml' },
      'invalid_junit_file',
      '--junit /no/such/dir/smoke.xml: the directory',
    ],
    ['--export csv', { ...ONE, export: ['csv', 'load.csv'] }, 'invalid_export', '--export csv load.csv is not valid'],
    [
      '--export k6 in a directory that does not exist',
      { ...ONE, export: ['k6', '/no/such/dir/load.js'] },
      'invalid_export_file',
      '--export k6 /no/such/dir/load.js: the directory',
    ],
    [
      '--github-output with a bad name',
      { ...ONE, githubOutput: ['bad name=sub'] },
      'invalid_github_output',
      'is not name=<path>',
      { env: { GITHUB_OUTPUT: '/x' } },
    ],
    ['--github-output without $GITHUB_OUTPUT', { ...ONE, githubOutput: ['sub'] }, 'missing_github_output', '$GITHUB_OUTPUT, which is not set'],
    [
      '--github-output with --repeat',
      { ...TEMPLATE, githubOutput: ['sub'], repeat: '2' },
      'conflicting_options',
      '--github-output names the values of one login',
      { env: { GITHUB_OUTPUT: '/x' } },
    ],
    ['--expect-claim without =', { ...ONE, expectClaim: ['email_verified'] }, 'invalid_expect_claim', '--expect-claim "email_verified" is not name=value'],
    ['--expect-claim-absent with no name', { ...ONE, expectClaimAbsent: [' '] }, 'invalid_expect_claim_absent', '--expect-claim-absent needs a claim name'],
    ['--expect-scope with no scope', { ...ONE, expectScope: [' '] }, 'invalid_expect_scope', '--expect-scope needs a scope'],
    ['--expect-ttl-min -1', { ...ONE, expectTtlMin: '-1' }, 'invalid_expect_ttl_min', '--expect-ttl-min "-1" is not valid'],
  ])('%s: %s', async (_what, options, code, says, edge) => {
    const { ctx } = await context(edge);
    const refused = await planSmoke(options, ctx).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(UsageError);
    expect(refused).toMatchObject({ code, message: expect.stringContaining(says) });
  });

  it('refuses --export k6 of a magic-link flow, and writes nothing', async () => {
    const file = `${tempDir('pwless-smoke-k6-')}/load.js`;
    const { ctx } = await context();
    await expect(smoke({ ...ONE, send: 'link', export: ['k6', file] }, ctx)).rejects.toMatchObject({ code: 'conflicting_options' });
    expect(existsSync(file)).toBe(false);
  });
});

describe('the progress bar of a --repeat', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ host: '127.0.0.1', port: 0, onMessage: () => {} });
  });
  afterAll(async () => {
    await emu?.close();
  });

  const repeat = (n: string): SmokeOptions => ({
    domain: emu.url,
    clientId: 'emulator-native',
    emailTemplate: `bar-${n}+{n}@example.com`,
    otpFrom: 'emulator',
    repeat: '3',
  });

  it('is drawn on stderr when the context says stderr is a terminal', async () => {
    const { ctx, stderr } = await context({ stderrIsTTY: true });
    expect(ctx.stderrIsTTY).toBe(true);
    const view = await smoke(repeat('tty'), ctx);
    expect(view.failure).toBeUndefined();
    expect(stderr()).toContain(`[${'#'.repeat(30)}] 3/3`);
  });

  it('is not drawn without a terminal, nor under --json on one', async () => {
    for (const edge of [{ stderrIsTTY: false }, { stderrIsTTY: true, json: true }]) {
      const { ctx, stderr } = await context(edge);
      expect(ctx.stderrIsTTY).toBe(edge.stderrIsTTY);
      const view = await smoke(repeat(edge.json ? 'json' : 'pipe'), ctx);
      expect(view.failure).toBeUndefined();
      expect(stderr()).not.toContain('[#');
    }
  });
});
