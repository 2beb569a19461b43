/**
 * `--curl` against a real emulator: pwless prints its requests as curl commands, and running them
 * with `sh` and the real curl, the variables set, gets the answers pwless got (same statuses, same
 * kind of body). Codes are single use, so the printed sequence is run whole: its start sends a
 * fresh code, its outbox request reads it, and only then is OTP set for its token request.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome, type CliRun } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

const OFFLINE = 'openid profile email offline_access';
const WEB_SECRET = 'emulator-web-secret';
let emu: EmulatorProcess;
let dir: string;

beforeAll(async () => {
  emu = await spawnEmulator();
  dir = join(tempHome(), 'pwless');
});
afterAll(async () => {
  await emu?.stop();
});

const pwless = (args: string[], env: Record<string, string> = {}, configDir = dir) => runCli(args, { env: { PWLESS_CONFIG_DIR: configDir, ...env } });
const login = (clientId: string, email: string, extra: string[] = [], env: Record<string, string> = {}) =>
  pwless(['start', '--domain', emu.url, '--client-id', clientId, '--email', email, '--scope', OFFLINE, '--curl', ...extra], env);

interface Printed {
  /** From `# N. METHOD /path: pwless got …`. */
  method: string;
  path: string;
  pwlessGot: string;
  command: string;
}

/** The --curl block at the end of stderr: each command with the comment before it. */
function printedRequests(stderr: string): Printed[] {
  const lines = stderr.slice(stderr.indexOf('# --curl: ')).split('\n');
  const printed: Printed[] = [];
  lines.forEach((line, i) => {
    const head = /^# \d+\. (\S+) (\S+): pwless got (.+)$/.exec(line);
    if (head) printed.push({ method: head[1] ?? '', path: head[2] ?? '', pwlessGot: head[3] ?? '', command: lines[i + 1] ?? '' });
  });
  return printed;
}

interface CurlAnswer {
  status: number;
  headers: string;
  body: string;
}

/** One printed command through `sh`, with only PATH and the given variables in its environment. */
async function runPrinted(command: string, variables: Record<string, string> = {}): Promise<CurlAnswer> {
  expect(command).toMatch(/^curl -sS -i /);
  const { stdout } = await promisify(execFile)('sh', ['-c', command], { env: { PATH: process.env.PATH, ...variables }, timeout: 20_000 });
  const split = stdout.indexOf('\r\n\r\n');
  const headers = stdout.slice(0, split);
  return { status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(headers)?.[1]), headers, body: stdout.slice(split + 4) };
}

/**
 * Runs the whole printed sequence in order, setting each variable as the header of the block says,
 * once the answer that holds it came: OTP and VERIFICATION_CODE from the answer to the printed
 * outbox request (the emulator's mailbox, newest first), AUTH_CODE from the Location of the link's.
 */
async function replay(printed: Printed[], variables: Record<string, string> = {}): Promise<CurlAnswer[]> {
  const answers: CurlAnswer[] = [];
  const vars = { ...variables };
  const answerAt = (path: string) => answers[printed.findIndex((p) => p.path === path)];
  const newestMessage = () => (JSON.parse(answerAt('/__emulator/outbox/wait')?.body ?? '{}') as { messages: { code: string; link: string }[] }).messages[0];
  for (const request of printed) {
    if (request.command.includes('"$OTP"') && vars.OTP === undefined) vars.OTP = newestMessage()?.code ?? '';
    if (request.command.includes('"$VERIFICATION_CODE"'))
      vars.VERIFICATION_CODE = new URL(newestMessage()?.link ?? 'http://x/').searchParams.get('verification_code') ?? '';
    if (request.command.includes('"$AUTH_CODE"')) {
      const location = /^location: (.+)$/im.exec(answerAt('/passwordless/verify_redirect')?.headers ?? '')?.[1] ?? '';
      vars.AUTH_CODE = new URL(location.trim()).searchParams.get('code') ?? '';
    }
    const answer = await runPrinted(request.command, vars);
    expect(`${request.method} ${request.path}: HTTP ${answer.status}`).toBe(`${request.method} ${request.path}: ${request.pwlessGot}`);
    answers.push(answer);
  }
  return answers;
}

const answerTo = (printed: Printed[], answers: CurlAnswer[], method: string, path: string) => {
  const i = printed.findIndex((p) => p.method === method && p.path === path);
  expect(i, `${method} ${path} among the printed requests`).toBeGreaterThanOrEqual(0);
  return answers[i] as CurlAnswer;
};

/** The secrets of the login just made: its code (newest in the outbox) and the saved tokens. */
async function secretsOf(email: string, configDir = dir): Promise<string[]> {
  const [message] = await outbox(emu.url, email);
  const tokens = await Promise.all(
    ['access_token', 'id_token', 'refresh_token'].map(async (name) => (await pwless(['token', '--raw', name], {}, configDir)).stdout.trim()),
  );
  for (const token of tokens) expect(token.length).toBeGreaterThan(20);
  return [message?.code ?? 'no code', ...tokens];
}

function expectNoneOf(secrets: string[], text: string): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
}

const json = (run: CliRun) => JSON.parse(run.stdout) as Record<string, any>;

describe('pwless start --curl', () => {
  it('a public client: the printed sequence, run with sh, gets what pwless got; --json lists the same commands', async () => {
    const run = await login('emulator-native', 'curl-public@example.com', ['--otp-from', 'emulator', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = json(run);
    const printed = printedRequests(run.stderr);
    expect(printed.map((p) => `${p.method} ${p.path}`)).toEqual([
      'GET /__emulator/health',
      'POST /passwordless/start',
      'GET /__emulator/clock',
      'GET /__emulator/outbox/wait',
      'POST /oauth/token',
      'GET /.well-known/openid-configuration',
      'GET /.well-known/jwks.json',
    ]);
    expect(doc.curl).toEqual(printed.map((p) => p.command));
    expect(run.stderr).toMatch(/^# {3}OTP {2}the code from the message the start request sends; .*messages\[0\]\.code of the answer to request 4\)$/m);
    const secrets = await secretsOf('curl-public@example.com');
    expectNoneOf(secrets, run.stderr);
    expectNoneOf(secrets, JSON.stringify(doc.curl));

    const answers = await replay(printed);
    const start = answerTo(printed, answers, 'POST', '/passwordless/start');
    expect(JSON.parse(start.body)).toEqual({ _id: expect.any(String), email: 'curl-public@example.com', email_verified: false });
    const tokens = JSON.parse(answerTo(printed, answers, 'POST', '/oauth/token').body) as Record<string, unknown>;
    expect(tokens).toMatchObject({ access_token: expect.any(String), id_token: expect.any(String), refresh_token: expect.any(String), token_type: 'Bearer' });
    expect(tokens.scope).toBe(doc.tokens.scope);
    // A fresh code, sent by the printed start, not the one pwless used.
    const [fresh] = await outbox(emu.url, 'curl-public@example.com');
    expect(fresh?.code).not.toBe(secrets[0]);
    expect(JSON.parse(answerTo(printed, answers, 'GET', '/.well-known/jwks.json').body).keys.length).toBeGreaterThan(0);
  });

  it('a confidential client: the secret is "$PWLESS_CLIENT_SECRET" in the JSON start and the token form, never its value', async () => {
    const configDir = join(tempHome(), 'pwless');
    const run = await pwless(
      ['start', '--domain', emu.url, '--client-id', 'emulator-web', '--email', 'curl-web@example.com', '--scope', OFFLINE, '--otp-from', 'emulator', '--curl'],
      { PWLESS_CLIENT_SECRET: WEB_SECRET },
      configDir,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(WEB_SECRET);
    expectNoneOf(await secretsOf('curl-web@example.com', configDir), run.stderr);
    expect(run.stderr).toMatch(/^# {3}PWLESS_CLIENT_SECRET {2}the client secret of the application$/m);
    const printed = printedRequests(run.stderr);
    const start = printed.find((p) => p.path === '/passwordless/start');
    expect(start?.command).toContain(`"client_secret":"'"$PWLESS_CLIENT_SECRET"'"`);
    expect(printed.find((p) => p.path === '/oauth/token')?.command).toContain(`--data-urlencode 'client_secret='"$PWLESS_CLIENT_SECRET"`);

    // The variable is what authenticates the client: a wrong one is refused, the right one gets pwless's answers.
    expect((await runPrinted(start?.command ?? '', { PWLESS_CLIENT_SECRET: 'not-the-secret' })).status).toBe(401);
    const answers = await replay(printed, { PWLESS_CLIENT_SECRET: WEB_SECRET });
    expect(JSON.parse(answerTo(printed, answers, 'POST', '/oauth/token').body)).toMatchObject({ access_token: expect.any(String), scope: OFFLINE });
  });

  it('is printed when the run fails too: a wrong --otp, exit 6, the same refusal from curl', async () => {
    const run = await login('emulator-native', 'curl-wrong@example.com', ['--otp', '000000', '--json']);
    expect(run.code, run.stderr).toBe(6);
    const doc = json(run);
    expect(doc).toMatchObject({ ok: false, error: { code: 'invalid_grant' } });
    const printed = printedRequests(run.stderr);
    expect(printed.map((p) => `${p.method} ${p.path}: ${p.pwlessGot}`)).toEqual(['POST /passwordless/start: HTTP 200', 'POST /oauth/token: HTTP 403']);
    expect(doc.curl).toEqual(printed.map((p) => p.command));
    expect(run.stderr).not.toContain('000000');
    const answers = await replay(printed, { OTP: '000000' });
    expect(JSON.parse(answers[1]?.body ?? '{}')).toMatchObject({ error: doc.error.code });
  });
});

describe('pwless start --send link --curl', () => {
  it('the link and the code exchange: with a PKCE pair made by the printed commands, curl gets tokens too', async () => {
    const configDir = join(tempHome(), 'pwless');
    const run = await pwless(
      [
        'start',
        '--domain',
        emu.url,
        '--client-id',
        'emulator-native',
        '--email',
        'curl-link@example.com',
        '--send',
        'link',
        '--otp-from',
        'emulator',
        '--curl',
      ],
      {},
      configDir,
    );
    expect(run.code, run.stderr).toBe(0);
    const printed = printedRequests(run.stderr);
    expect(printed.map((p) => `${p.method} ${p.path}: ${p.pwlessGot}`)).toContain('GET /passwordless/verify_redirect: HTTP 302');
    expect(printed.find((p) => p.path === '/passwordless/verify_redirect')?.command).toContain(`verification_code='"$VERIFICATION_CODE"'&`);
    const [message] = await outbox(emu.url, 'curl-link@example.com');
    const linkCode = new URL((message as { link?: string } | undefined)?.link ?? 'http://x/').searchParams.get('verification_code') ?? 'no code';
    expectNoneOf([linkCode, (await pwless(['token', '--raw', 'access_token'], {}, configDir)).stdout.trim()], run.stderr);

    const pair = /^# {3}CODE_VERIFIER, CODE_CHALLENGE {2}a PKCE pair [^:]+: (export .+)$/m.exec(run.stderr)?.[1] ?? 'false';
    const { stdout } = await promisify(execFile)('sh', ['-c', `${pair}; printf '%s\\n' "$CODE_VERIFIER" "$CODE_CHALLENGE"`]);
    const [CODE_VERIFIER = '', CODE_CHALLENGE = ''] = stdout.split('\n');
    const answers = await replay(printed, { CODE_VERIFIER, CODE_CHALLENGE });
    expect(JSON.parse(answerTo(printed, answers, 'POST', '/oauth/token').body)).toMatchObject({
      access_token: expect.any(String),
      id_token: expect.any(String),
    });
  });
});

describe('pwless verify --curl', () => {
  it('prints the requests of the finish only (the start was another run)', async () => {
    const configDir = join(tempHome(), 'pwless');
    const base = ['--domain', emu.url, '--client-id', 'emulator-native', '--email', 'curl-verify@example.com'];
    expect((await pwless(['start', ...base, '--scope', OFFLINE, '--no-wait'], {}, configDir)).code).toBe(0);
    const run = await pwless(['verify', ...base, '--otp-from', 'emulator', '--curl'], {}, configDir);
    expect(run.code, run.stderr).toBe(0);
    const printed = printedRequests(run.stderr);
    expect(printed.map((p) => p.path)).not.toContain('/passwordless/start');
    expect(printed.find((p) => p.path === '/oauth/token')?.command).toContain(`'otp='"$OTP"`);
    expectNoneOf(await secretsOf('curl-verify@example.com', configDir), run.stderr);
  });
});

// These use the saved set of the public client's login, the first test of this file.
describe('pwless token … --curl', () => {
  it('userinfo: "$ACCESS_TOKEN" as the Bearer token; curl gets the claims pwless got', async () => {
    const run = await pwless(['token', 'userinfo', '--curl', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const printed = printedRequests(run.stderr);
    expect(printed.map((p) => `${p.method} ${p.path}: ${p.pwlessGot}`)).toEqual(['GET /userinfo: HTTP 200']);
    expect(printed[0]?.command).toContain(`-H 'authorization: Bearer '"$ACCESS_TOKEN"`);
    expectNoneOf(await secretsOf('curl-public@example.com'), run.stderr + JSON.stringify(json(run).curl));
    const accessToken = (await pwless(['token', '--raw', 'access_token'])).stdout.trim();
    const [answer] = await replay(printed, { ACCESS_TOKEN: accessToken });
    expect(JSON.parse(answer?.body ?? '{}')).toEqual(json(run).userinfo);
  });

  it('verify: discovery and the JWKS, no variable to set; curl gets the same keys', async () => {
    const run = await pwless(['token', 'verify', '--curl', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const printed = printedRequests(run.stderr);
    expect(printed.map((p) => `${p.method} ${p.path}: ${p.pwlessGot}`)).toEqual([
      'GET /.well-known/openid-configuration: HTTP 200',
      'GET /.well-known/jwks.json: HTTP 200',
    ]);
    expect(run.stderr).not.toContain('# The variables to set');
    const answers = await replay(printed);
    const kid = JSON.parse(answers[1]?.body ?? '{}').keys[0].kid as string;
    expect(JSON.stringify(json(run).checks ?? json(run))).toContain(kid);
  });

  it('refresh: "$REFRESH_TOKEN" in the form; curl gets new tokens with the scope pwless got', async () => {
    const run = await pwless(['token', 'refresh', '--curl', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = json(run);
    const printed = printedRequests(run.stderr);
    expect(printed[0]).toMatchObject({ method: 'POST', path: '/oauth/token', pwlessGot: 'HTTP 200' });
    expect(printed[0]?.command).toContain(`--data-urlencode 'refresh_token='"$REFRESH_TOKEN"`);
    const secrets = await secretsOf('curl-public@example.com');
    expectNoneOf(secrets, run.stderr + JSON.stringify(doc.curl));
    // The refresh token in force now is the one pwless saved (rotation may have replaced the one it sent).
    const answers = await replay(printed, { REFRESH_TOKEN: secrets[3] ?? '' });
    const tokens = JSON.parse(answers[0]?.body ?? '{}') as Record<string, unknown>;
    expect(tokens).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer' });
    expect(tokens.scope).toBe(doc.changes.scope.after);
    expect(doc.changes.scope.after).toBe(OFFLINE);
  });
});
