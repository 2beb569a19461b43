/**
 * The promise "secrets never appear in logs, traces or errors unless the user asked for that token
 * to be printed" (docs/network.md "Where secrets may appear"), checked on the real binary: every command
 * runs against a real emulator three times, with -v, with --json and with --trace-file (and once
 * with -v and --trace-file together), and succeeding as well as failing runs are scanned. The
 * secrets of the session are collected from where a user or the tenant has them (the emulator's
 * outbox and state file, the config file, the --json documents, the --show-tokens output, the
 * browser's redirect), and none of them may appear in full in stdout, stderr or a HAR file. The
 * only exceptions are the places that exist to print tokens: --show-tokens, --raw, and
 * tokens.access_token / id_token / refresh_token of a --json document.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSession, type CliRun } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';
import { startFront, type FrontServer } from './front-server.ts';

type Mode = 'verbose' | 'json' | 'har' | 'verbose+har';
type Kind =
  | 'client_secret'
  | 'otp'
  | 'verification_code'
  | 'authorization_code'
  | 'code_verifier'
  | 'mfa_token'
  | 'access_token'
  | 'id_token'
  | 'refresh_token'
  | 'jwt_signature';
/** The kinds that --show-tokens, --raw and the token fields of --json may print. */
const TOKEN_KINDS = new Set<Kind>(['access_token', 'id_token', 'refresh_token', 'jwt_signature']);
const ALL_KINDS: Kind[] = [
  'client_secret',
  'otp',
  'verification_code',
  'authorization_code',
  'code_verifier',
  'mfa_token',
  'access_token',
  'id_token',
  'refresh_token',
  'jwt_signature',
];

interface ScannedRun {
  label: string;
  mode: Mode;
  expected: number;
  run: CliRun;
  /** The HAR file's text ('' when the mode writes none). */
  har: string;
  /** --show-tokens or --raw: stdout may hold tokens. */
  showsTokens: boolean;
  /** Refused before any request: nothing to trace. */
  local: boolean;
}

const CLIENT_SECRET = 'emulator-web-secret';
const WRONG_SECRET = `wrong-secret-${process.pid}-${Date.now()}`;
const FULL_SCOPE = 'openid profile email offline_access';

let root: string;
let savedTmpdir: string | undefined;
let emu: EmulatorProcess;
let shortLived: EmulatorProcess;
let front: FrontServer;
const frontAnswers: string[] = [];
const runs: ScannedRun[] = [];
const secrets = new Map<Kind, Set<string>>(ALL_KINDS.map((kind) => [kind, new Set<string>()]));
/** Every address a code or link went to, per emulator, to read the outbox at the end. */
const recipients: { url: string; to: string }[] = [];

function collect(kind: Kind, value: unknown): void {
  if (typeof value !== 'string' || value === '') return;
  secrets.get(kind)?.add(value);
  const parts = value.split('.');
  if (kind !== 'jwt_signature' && parts.length === 3 && value.startsWith('eyJ')) collect('jwt_signature', parts[2]);
}

/** The secrets in a config file: saved tokens, a pending link's PKCE verifier, a profile's client secret. */
function harvestConfig(file: string): void {
  if (!existsSync(file)) return;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'access_token' || key === 'id_token' || key === 'refresh_token' || key === 'code_verifier' || key === 'client_secret') collect(key, v);
      else walk(v);
    }
  };
  walk(JSON.parse(readFileSync(file, 'utf8')));
}

/** The tokens of a --show-tokens table (the one place of human output that prints them in full). */
function harvestTokenTable(stdout: string): void {
  for (const [, name, token] of stdout.matchAll(/^\s+(access_token|id_token|refresh_token)\s+(\S{40,})/gm)) collect(name as Kind, token);
}

/** The one document of a --json run; undefined when stdout is not one (which the first test reports). */
function jsonDocument(stdout: string): { tokens?: Record<string, unknown> } | undefined {
  try {
    return JSON.parse(stdout) as { tokens?: Record<string, unknown> };
  } catch {
    return undefined;
  }
}

function latestSavedTokens(file: string): Record<string, string> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { tokens: Record<string, { obtained_at: string; tokens: Record<string, string> }> };
  const sets = Object.values(data.tokens).sort((a, b) => b.obtained_at.localeCompare(a.obtained_at));
  return sets[0]?.tokens as Record<string, string>;
}

/** An outbox message, as GET /__emulator/outbox lists it (docs/emulator.md). */
interface OutboxMessage {
  code: string | null;
  link: string | null;
  expires_at: string;
}

/** Every message to `to`, newest first. */
async function outboxMessages(url: string, to: string): Promise<OutboxMessage[]> {
  const res = await fetch(`${url}/__emulator/outbox?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: OutboxMessage[] }).messages;
}

/** The newest message to `to`, waiting for one to arrive. */
async function awaitMessage(url: string, to: string): Promise<OutboxMessage> {
  const res = await fetch(`${url}/__emulator/outbox/wait?to=${encodeURIComponent(to)}&since=0&timeout_ms=15000`);
  return ((await res.json()) as { messages: OutboxMessage[] }).messages[0] as OutboxMessage;
}

/** Polls the emulator's clock (not ours) until `instant` is past. */
async function emulatorClockPast(url: string, instant: string): Promise<void> {
  for (;;) {
    const { epoch_ms } = (await (await fetch(`${url}/__emulator/clock`)).json()) as { epoch_ms: number };
    if (epoch_ms > Date.parse(instant)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs of the shared mfa@example.com one at a time: a second start would void the first one's code. */
let mfaQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const next = mfaQueue.then(task, task);
  mfaQueue = next.catch(() => undefined);
  return next;
}

/** One user's shell (its own config dir) running commands with the mode's flags; each run is recorded for the scan. */
function shell(mode: Mode) {
  const { file, run } = configSession();
  let count = 0;
  const id = (name: string, url = emu.url) => {
    const to = `${name}-${mode.replace('+', '-')}@example.com`;
    recipients.push({ url, to });
    return to;
  };
  const step = async (
    label: string,
    args: string[],
    expected: number,
    options: { env?: Record<string, string>; input?: string; showsTokens?: boolean; local?: boolean } = {},
  ) => {
    const har = join(root, `${mode.replace('+', '-')}-${++count}.har`);
    const modeArgs = { verbose: ['-v'], json: ['--json'], har: ['--trace-file', har], 'verbose+har': ['-v', '--trace-file', har] }[mode];
    const result = await run([...args, ...modeArgs], options);
    runs.push({
      label: `${mode}: ${label}`,
      mode,
      expected,
      run: result,
      har: existsSync(har) ? readFileSync(har, 'utf8') : '',
      showsTokens: options.showsTokens === true,
      local: options.local === true,
    });
    harvestConfig(file);
    if (mode === 'json') {
      const doc = jsonDocument(result.stdout);
      for (const name of ['access_token', 'id_token', 'refresh_token'] as const) collect(name, doc?.tokens?.[name]);
    } else if (options.showsTokens) {
      harvestTokenTable(result.stdout);
    }
    return result;
  };
  return { file, id, step };
}

/** Every command of the CLI, succeeding and failing, in one mode. */
async function everyCommand(mode: Mode, secretFile: string): Promise<void> {
  const { file, id, step } = shell(mode);
  const rawExit = mode === 'json' ? 2 : 0; // --raw and --json exclude each other (a usage error)
  const webEnv = { PWLESS_CLIENT_SECRET: CLIENT_SECRET };

  // Profiles and config: the confidential profile keeps its secret in the config file.
  await step('profile add (public)', ['profile', 'add', 'emu', '--domain', emu.url, '--client-id', 'emulator-native', '--default'], 0);
  await step(
    'profile add --client-secret-file',
    ['profile', 'add', 'web', '--domain', emu.url, '--client-id', 'emulator-web', '--client-secret-file', secretFile],
    0,
  );
  await step('profile list', ['profile', 'list'], 0);
  await step('profile show', ['profile', 'show', 'web'], 0);
  await step('profile rename', ['profile', 'rename', 'web', 'web2'], 0);
  await step('config (profile with a secret)', ['config', '-p', 'web2'], 0);
  await step('config (PWLESS_CLIENT_SECRET)', ['config', '--domain', emu.url, '--client-id', 'emulator-web'], 0, { env: webEnv });
  const auth0Env = { AUTH0_DOMAIN: emu.url, AUTH0_CLIENT_ID: 'emulator-web', AUTH0_CLIENT_SECRET: CLIENT_SECRET };
  await step('profile add --from-env', ['profile', 'add', 'fromenv', '--from-env'], 0, { env: auth0Env });
  await step('config (secret by reference)', ['config', '-p', 'fromenv'], 0, { env: auth0Env });
  await step('profile use', ['profile', 'use', 'emu'], 0);

  // A code login of the public client, then every token command on its tokens.
  await step('start --otp-from emulator', ['start', '--email', id('code'), '--otp-from', 'emulator', '--scope', FULL_SCOPE], 0);
  const saved = latestSavedTokens(file);
  await step('token (show)', ['token'], 0);
  await step('token show --show-tokens', ['token', 'show', '--show-tokens'], 0, { showsTokens: true });
  await step('token show --raw access_token', ['token', 'show', '--raw', 'access_token'], rawExit, { showsTokens: true });
  await step('token --raw refresh_token', ['token', '--raw', 'refresh_token'], rawExit, { showsTokens: true });
  await step('token decode', ['token', 'decode'], 0);
  await step('token decode - (stdin)', ['token', 'decode', '-'], 0, { input: `${saved.id_token}\n` });
  // The opaque access token (no audience, B-TOKEN-11) cannot be decoded: the refusal names no part of it.
  await step('token decode - (the opaque access token)', ['token', 'decode', '-'], 2, { input: `${saved.access_token}\n` });
  await step('token verify', ['token', 'verify'], 0);
  await step('token verify <jwt>', ['token', 'verify', saved.id_token as string], 0);
  const [header, payload, signature] = (saved.id_token as string).split('.') as [string, string, string];
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), name: 'Mallory' };
  const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`; // its real signature, which no longer matches
  await step('token verify <tampered jwt>', ['token', 'verify', tampered], 8);
  await step('token userinfo', ['token', 'userinfo'], 0);
  await step('token refresh --show-tokens', ['token', 'refresh', '--show-tokens'], 0, { showsTokens: true });

  // start --no-wait, then verify: the right code, a used one (then the outbox's), a wrong one (then a message on stdin); start --otp.
  const pending = id('pending');
  await step('start --no-wait', ['start', '--email', pending, '--no-wait'], 0);
  const used = (await awaitMessage(emu.url, pending)).code as string;
  await step('verify --otp', ['verify', '--otp', used], 0);
  await step('start --no-wait (again)', ['start', '--email', pending, '--no-wait'], 0);
  await step('verify --otp (a used code)', ['verify', '--otp', used], 6);
  await step('verify --otp-from emulator', ['verify', '--otp-from', 'emulator'], 0);
  const wrong = id('wrong');
  await step('start --no-wait', ['start', '--email', wrong, '--no-wait'], 0);
  await step('verify --otp (a wrong code)', ['verify', '--otp', '000000'], 6);
  const message = `Your verification code is ${(await awaitMessage(emu.url, wrong)).code}\n`;
  await step('verify --otp-from stdin', ['verify', '--otp-from', 'stdin'], 0, { input: message });
  const fixed = `${mode}+test@example.com`; // the emulator's test code, known before start
  recipients.push({ url: emu.url, to: fixed });
  await step('start --otp', ['start', '--email', fixed, '--otp', '424242'], 0);

  // Magic links: a superseded one (the tenant's refusal page), verify --link (the PKCE verifier is in the config file), one shot, the loopback listener.
  const linked = id('link');
  await step('start --send link', ['start', '--email', linked, '--send', 'link'], 0);
  const superseded = (await awaitMessage(emu.url, linked)).link as string;
  await step('start --send link (again)', ['start', '--email', linked, '--send', 'link'], 0);
  const [latest] = await outboxMessages(emu.url, linked);
  const link = latest?.link as string;
  expect(link).not.toBe(superseded);
  // A pasted message whose link lost its scheme: no link to follow, and its code must not be quoted back.
  const mangled = `Your code is ${latest?.code}, or sign in at ${link.replace(/^http:\/\//, '')}\n`;
  await step('verify --link - (no link in the message)', ['verify', '--link', '-'], 2, { input: mangled, local: true });
  await step('verify --link (a superseded link)', ['verify', '--link', superseded], 6);
  await step('verify --link', ['verify', '--link', link], 0);
  await step('start --send link --otp-from emulator', ['start', '--email', id('oneshot'), '--send', 'link', '--otp-from', 'emulator'], 0);
  const listening = id('listen');
  const browser = (async () => {
    const message = await awaitMessage(emu.url, listening);
    const redirect = await fetch(message.link as string, { redirect: 'manual' });
    const location = redirect.headers.get('location') as string;
    collect('authorization_code', new URL(location).searchParams.get('code'));
    // The listener answers 503 until pwless, its start sent, waits for the browser: come back until it does.
    for (;;) {
      const page = await fetch(location);
      if (page.status !== 503) return page.status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  await step('start --send link --listen', ['start', '--email', listening, '--send', 'link', '--listen', '--listen-timeout', '20'], 0);
  expect(await browser).toBe(200);

  // The confidential client: its secret from the profile's file and from PWLESS_CLIENT_SECRET; a wrong one.
  await step(
    'start -p (secret from profile file)',
    ['start', '-p', 'web2', '--email', id('web'), '--otp-from', 'emulator', '--scope', 'openid offline_access'],
    0,
  );
  await step('token refresh -p (confidential)', ['token', 'refresh', '-p', 'web2'], 0);
  await step(
    'start (PWLESS_CLIENT_SECRET)',
    ['start', '--domain', emu.url, '--client-id', 'emulator-web', '--email', id('env'), '--otp-from', 'emulator', '--scope', FULL_SCOPE],
    0,
    { env: webEnv },
  );
  await step(
    'start --client-secret-file - (stdin)',
    ['start', '--domain', emu.url, '--client-id', 'emulator-web', '--email', id('pipedsecret'), '--otp-from', 'emulator', '--client-secret-file', '-'],
    0,
    { input: `${CLIENT_SECRET}\n` },
  );
  await step('token refresh (wrong client secret)', ['token', 'refresh', '-p', 'web2'], 5, { env: { PWLESS_CLIENT_SECRET: WRONG_SECRET } });
  await step(
    'start (wrong client secret)',
    ['start', '--domain', emu.url, '--client-id', 'emulator-web', '--email', id('badsecret'), '--otp-from', 'emulator'],
    5,
    { env: { PWLESS_CLIENT_SECRET: WRONG_SECRET } },
  );

  // An expired code, and an MFA refusal (whose mfa_token the recording front server sees).
  const late = id('expired', shortLived.url);
  const shortTarget = ['--domain', shortLived.url, '--client-id', 'emulator-native'];
  await step('start --no-wait (short-lived code)', ['start', ...shortTarget, '--email', late, '--no-wait'], 0);
  const expiring = await awaitMessage(shortLived.url, late);
  await emulatorClockPast(shortLived.url, expiring.expires_at);
  await step('verify --otp (an expired code)', ['verify', '--otp', expiring.code as string], 6);
  await oneAtATime(() =>
    step('start (mfa_required)', ['start', '--domain', front.url, '--client-id', 'emulator-native', '--email', 'mfa@example.com', '--otp-from', 'emulator'], 5),
  );

  // The demo's own in-process emulator: its tokens are known only from where they are printed.
  if (mode === 'json') await step('demo', ['demo'], 0);
  else await step('demo --show-tokens', ['demo', '--show-tokens'], 0, { showsTokens: true });

  // Forgetting.
  await step('token clear', ['token', 'clear'], 0);
  await step('token clear --all', ['token', 'clear', '--all'], 0);
  await step('profile remove', ['profile', 'remove', 'web2', '--yes'], 0);
}

/** -v and --trace-file together (once with --trace-pii): a confidential login, a refresh, a one-shot link. */
async function verboseAndHar(): Promise<void> {
  const { id, step } = shell('verbose+har');
  const env = { PWLESS_CLIENT_SECRET: CLIENT_SECRET };
  const target = ['--domain', emu.url, '--client-id', 'emulator-web'];
  await step('start (confidential)', ['start', ...target, '--email', id('both'), '--otp-from', 'emulator', '--scope', FULL_SCOPE], 0, { env });
  await step('token refresh --trace-pii', ['token', 'refresh', ...target, '--trace-pii'], 0, { env });
  await step(
    'start --send link --otp-from emulator',
    ['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', id('bothlink'), '--send', 'link', '--otp-from', 'emulator'],
    0,
  );
}

beforeAll(async () => {
  // Everything the helpers and the runs make in the temp dir lands here, and goes in afterAll.
  root = mkdtempSync(join(tmpdir(), 'pwless-secret-scan-'));
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = root;
  const stateFile = join(root, 'emulator-state.json');
  [emu, shortLived] = await Promise.all([spawnEmulator(['--no-limits', '--state-file', stateFile]), spawnEmulator(['--no-limits', '--otp-ttl', '1'])]);
  front = await startFront(emu.url, async (_request, forward) => {
    const answer = await forward();
    frontAnswers.push(answer.body);
    return answer;
  });
  const secretFile = join(root, 'client-secret.txt');
  writeFileSync(secretFile, CLIENT_SECRET, { mode: 0o600 });

  await Promise.all([everyCommand('verbose', secretFile), everyCommand('json', secretFile), everyCommand('har', secretFile), verboseAndHar()]);

  // The secrets the tenant side knows: codes and links from the outboxes, then (the emulator
  // stopped, so its state file is written) every code, authorization code and refresh token it issued.
  collect('client_secret', CLIENT_SECRET);
  collect('client_secret', WRONG_SECRET);
  for (const secret of [CLIENT_SECRET, WRONG_SECRET]) collect('client_secret', Buffer.from(`emulator-web:${secret}`).toString('base64')); // HTTP Basic
  for (const { url, to } of [...recipients, { url: emu.url, to: 'mfa@example.com' }]) {
    for (const message of await outboxMessages(url, to)) {
      collect('otp', message.code);
      if (message.link) collect('verification_code', new URL(message.link).searchParams.get('verification_code'));
    }
  }
  await emu.stop();
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as {
    otps: { code: string }[];
    retired_otps: { code: string }[];
    authorization_codes: { code: string }[];
    refresh_tokens: { token: string }[];
  };
  for (const otp of [...state.otps, ...state.retired_otps]) collect('otp', otp.code);
  for (const code of state.authorization_codes) collect('authorization_code', code.code);
  for (const token of state.refresh_tokens) collect('refresh_token', token.token);
  for (const body of frontAnswers) {
    try {
      collect('mfa_token', (JSON.parse(body) as { mfa_token?: string }).mfa_token);
    } catch {
      // not JSON: nothing to collect
    }
  }
  // About 75 s of CPU (some 60 real runs of the binary, in four parallel sequences): 65 s alone on a
  // 2-core machine, over 120 s when other e2e files share the cores. The runs are bounded, so the
  // limit only catches a hang.
}, 300_000);

afterAll(async () => {
  await Promise.all([emu?.stop(), shortLived?.stop(), front?.close()]);
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The texts of a run to scan: stdout (for --json, the document without its token fields), stderr, the HAR file. */
function scannedTexts(run: ScannedRun): { where: string; text: string; tokensAllowed: boolean }[] {
  let stdout = run.run.stdout;
  const doc = run.mode === 'json' ? jsonDocument(stdout) : undefined;
  if (doc !== undefined) {
    if (doc.tokens) for (const name of ['access_token', 'id_token', 'refresh_token']) delete doc.tokens[name];
    stdout = JSON.stringify(doc);
  }
  return [
    { where: 'stdout', text: stdout, tokensAllowed: run.showsTokens },
    { where: 'stderr', text: run.run.stderr, tokensAllowed: false },
    { where: 'HAR', text: run.har, tokensAllowed: false },
  ];
}

/** A code (digits only) counts only as a whole word, so that it is not "found" inside a timestamp or a hex id. */
function contains(text: string, secret: string): boolean {
  if (/^\d+$/.test(secret)) return new RegExp(`(?<![A-Za-z0-9])${secret}(?![A-Za-z0-9])`).test(text);
  return text.includes(secret);
}

/** Every JWT (RFC 7515 compact form) in a text, with what follows its second dot. */
const JWT = /eyJ[\w-]*\.eyJ[\w-]*\.([\w-]*)/g;

describe('secrets in logs, traces and errors', () => {
  it('ran every command in every mode, each with its expected exit code, and collected every kind of secret', () => {
    const unexpected = runs
      .filter((r) => r.run.code !== r.expected)
      .map((r) => `${r.label}: exit ${r.run.code} (expected ${r.expected})\n${r.run.stderr.slice(-600)}`);
    expect(unexpected).toEqual([]);
    expect(runs.filter((r) => r.mode === 'json' && jsonDocument(r.run.stdout) === undefined).map((r) => r.label)).toEqual([]);
    for (const mode of ['verbose', 'json', 'har'] as const) expect(runs.filter((r) => r.mode === mode)).toHaveLength(52);
    expect(runs.filter((r) => r.mode === 'verbose+har')).toHaveLength(3);
    for (const kind of ALL_KINDS) expect(secrets.get(kind)?.size, kind).toBeGreaterThan(0);
    // Enough of each to cover every run that made one: a code per login, a refresh token per code login, …
    expect(secrets.get('otp')?.size).toBeGreaterThanOrEqual(3 * 12);
    expect(secrets.get('authorization_code')?.size).toBeGreaterThanOrEqual(3 * 3 + 1);
    expect(secrets.get('code_verifier')?.size).toBeGreaterThanOrEqual(3);
    expect(secrets.get('mfa_token')?.size).toBe(3);
    for (const values of secrets.values()) for (const value of values) expect(value.length).toBeGreaterThanOrEqual(6);
    // The traces really are there: -v printed requests, every HAR file of a run that went on the wire has entries.
    const onTheWire = runs.filter((r) => !r.local && /^.*: (start|verify|token refresh|token userinfo|demo)/.test(r.label));
    expect(onTheWire.length).toBeGreaterThan(3 * 25);
    for (const r of onTheWire.filter((r) => r.mode.includes('verbose'))) expect(r.run.stderr, r.label).toMatch(/^> (GET|POST) /m);
    for (const r of onTheWire.filter((r) => r.mode.includes('har'))) {
      expect((JSON.parse(r.har) as { log: { entries: unknown[] } }).log.entries.length, r.label).toBeGreaterThan(0);
    }
  });

  it('prints tokens where the user asked for them (so the scan can see one)', () => {
    const tokens = [...(secrets.get('access_token') ?? []), ...(secrets.get('refresh_token') ?? [])];
    const raw = runs.filter((r) => r.mode !== 'json' && r.label.includes('--raw'));
    expect(raw).toHaveLength(4);
    for (const r of raw) expect(tokens, r.label).toContain(r.run.stdout.trim());
    const shown = runs.filter((r) => r.mode !== 'json' && r.label.includes('--show-tokens'));
    for (const r of shown)
      expect(
        r.run.stdout.match(JWT)?.some((jwt) => [...(secrets.get('id_token') ?? [])].includes(jwt)),
        r.label,
      ).toBe(true);
  });

  it('shows no secret in full in stdout, stderr or a HAR file, except the tokens where asked', () => {
    const all = [...secrets].flatMap(([kind, values]) => [...values].map((value) => ({ kind, value })));
    const leaks: string[] = [];
    let bytes = 0;
    for (const run of runs) {
      for (const { where, text, tokensAllowed } of scannedTexts(run)) {
        bytes += Buffer.byteLength(text);
        for (const { kind, value } of all) {
          if (tokensAllowed && TOKEN_KINDS.has(kind)) continue;
          if (contains(text, value)) leaks.push(`${run.label}: ${kind} in ${where}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(bytes).toBeGreaterThan(500_000);
    console.info(`secret scan: ${runs.length} runs, ${all.length} secrets, ${bytes} bytes scanned`);
  });

  it('never shows a JWT with its signature outside --show-tokens, --raw and the token fields of --json', () => {
    const signed: string[] = [];
    let unsigned = 0;
    for (const run of runs) {
      for (const { where, text, tokensAllowed } of scannedTexts(run)) {
        if (tokensAllowed) continue;
        for (const match of text.matchAll(JWT)) {
          const [jwt, signature] = match;
          if (signature !== '') signed.push(`${run.label}: ${where}: ${jwt.slice(0, 40)}…`);
          else if (text.startsWith('••••', match.index + jwt.length)) unsigned++;
        }
      }
    }
    expect(signed).toEqual([]);
    // The traces did carry tokens, as header.payload.•••• (the -v trace and the HAR files): the ID
    // tokens; access tokens without an audience are opaque (docs/auth0-behaviour.md, B-TOKEN-11).
    expect(unsigned).toBeGreaterThan(25);
  });
});
