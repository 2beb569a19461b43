/**
 * Secrets on their way out, on the real binary (issue 22, item 3; docs/security.md "Every secret
 * pwless knows is masked wherever it appears", "A mail catcher's password stays off the command line"):
 * - a tenant answer that echoes the request shows none of the secrets pwless sent, however the
 *   echo spells them: not on stderr, not in -v, not in the --json description, not in the HAR file,
 *   while the tokens the user asks for are still printed whole;
 * - a mail catcher's password comes from the environment or a file; one in the URL works but is
 *   warned about (the command line is visible in `ps`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailpitDouble, type MailpitDouble } from '../helpers/mailpit-api.ts';
import { configSession, runCli, tempHome } from './cli.ts';
import { spawnEmulatorWithTenant, type EmulatorProcess } from './emulator-process.ts';

/** A client secret an echo spells differently: form-encoded, percent-encoded and JSON-escaped forms all differ from it. */
const SECRET = 'web/s3cret+with "quotes" & spaces';
const OTP_GRANT = 'http://auth0.com/oauth/grant-type/passwordless/otp';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulatorWithTenant({
    clients: [
      { client_id: 'app', app_type: 'native', grant_types: [OTP_GRANT, 'refresh_token'] },
      { client_id: 'web', app_type: 'regular_web', client_secret: SECRET, grant_types: [OTP_GRANT, 'refresh_token'] },
    ],
    connections: [{ name: 'email', strategy: 'email', enabled_clients: ['app', 'web'] }],
  });
});
afterAll(() => emu?.stop());

async function fault(spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(res.ok).toBe(true);
}

/** Every spelling of a value an echo could use. */
function spellings(value: string): string[] {
  return [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), JSON.stringify(value).slice(1, -1)];
}

function expectNone(text: string, values: string[]): void {
  for (const value of values) for (const spelt of spellings(value)) expect(text).not.toContain(spelt);
}

describe('a tenant answer that echoes the request (issue 22, item 3)', () => {
  const OTP = '246810';
  const echo = `echo: grant_type=x&client_secret=${new URLSearchParams({ s: SECRET }).toString().slice(2)}&otp=${OTP}, raw ${SECRET}, ${JSON.stringify(SECRET)}`;
  const verify = (extra: string[]) =>
    runCli(['verify', '--domain', emu.url, '--client-id', 'web', '--email', 'echo@example.com', '--otp', OTP, ...extra], {
      env: { PWLESS_CLIENT_SECRET: SECRET },
    });

  it.each([
    ['stderr', []],
    ['-v', ['-v']],
  ])('shows none of the client secret and the code on %s', async (_where, flags) => {
    await fault({ endpoint: '/oauth/token', count: 1, status: 400, body: { error: 'invalid_request', error_description: echo } });
    const run = await verify(flags);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('error: echo: grant_type=x&client_secret=••••aces&otp=••••, raw ••••aces, "••••aces"');
    expectNone(run.stderr + run.stdout, [SECRET, OTP]);
  });

  it('shows none of them in the --json description, nor in the --trace-file', async () => {
    await fault({ endpoint: '/oauth/token', count: 1, status: 400, body: { error: 'invalid_request', error_description: echo } });
    const har = join(tempHome(), 'echo.har');
    const run = await verify(['--json', '--trace-file', har]);
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout).error.description).toBe('echo: grant_type=x&client_secret=••••aces&otp=••••, raw ••••aces, "••••aces"');
    const trace = readFileSync(har, 'utf8');
    expect(JSON.parse(trace).log.entries).toHaveLength(1);
    expectNone(run.stdout + run.stderr + trace, [SECRET, OTP]);
  });

  it('a 502 page that repeats the refresh token shows it masked; the token itself is still printed where asked', async () => {
    const { run } = configSession();
    const login = await run([
      'start',
      '--domain',
      emu.url,
      '--client-id',
      'app',
      '--email',
      'rt@example.com',
      '--otp-from',
      'emulator',
      '--scope',
      'openid offline_access',
      '--json',
    ]);
    expect(login.code).toBe(0);
    const refreshToken = JSON.parse(login.stdout).tokens.refresh_token as string;
    const body = { error: 'server_error', error_description: `upstream said: refresh_token=${refreshToken}` };
    await fault({ endpoint: '/oauth/token', count: 2, status: 502, body });
    const human = await run(['token', 'refresh', '-v']);
    expect(human.code).toBe(4);
    const json = await run(['token', 'refresh', '--json']);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout).error.description).toBe(
      `POST /oauth/token answered HTTP 502: server_error: upstream said: refresh_token=••••${refreshToken.slice(-4)}.`,
    );
    expectNone(human.stdout + human.stderr + json.stdout + json.stderr, [refreshToken]);
    // Asked for, it is printed whole: --raw, --show-tokens and the tokens of --json.
    expect((await run(['token', '--raw', 'refresh_token'])).stdout).toBe(`${refreshToken}\n`);
    expect((await run(['token', '--show-tokens'])).stdout).toContain(refreshToken);
    expect(JSON.parse((await run(['token', '--json'])).stdout).tokens.refresh_token).toBe(refreshToken);
  });
});

describe("smoke's report files (--junit, the GitHub job summary)", () => {
  it('show the echoed client secret masked and the echoed control sequences escaped', async () => {
    const dir = tempHome();
    const files = { junit: join(dir, 'junit.xml'), summary: join(dir, 'summary.md') };
    const echo = `echo: client_secret=${new URLSearchParams({ s: SECRET }).toString().slice(2)}, raw ${SECRET}, \u001b]52;c;cHduZWQ=\u0007 \u009b31m`;
    await fault({ endpoint: '/oauth/token', count: 1, status: 400, body: { error: 'invalid_request', error_description: echo } });
    const run = await runCli(
      ['smoke', '--domain', emu.url, '--client-id', 'web', '--email', 'report@example.com', '--otp-from', 'emulator', '--junit', files.junit, '--json'],
      { env: { PWLESS_CLIENT_SECRET: SECRET, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: files.summary } },
    );
    expect(run.code, run.stderr).toBe(5);
    const junit = readFileSync(files.junit, 'utf8');
    const summary = readFileSync(files.summary, 'utf8');
    // The description is there, with the secret masked (XML-escaped in the JUnit file) and the controls shown as text.
    expect(junit).toContain('echo: client_secret=••••aces, raw ••••aces, \\x1b]52;c;cHduZWQ=\\x07 \\u009b31m');
    expect(summary).toContain('echo: client_secret=••••aces, raw ••••aces, \\x1b]52;c;cHduZWQ=\\x07 \\u009b31m');
    const xmlEscaped = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    expectNone(junit + summary, [SECRET, xmlEscaped(SECRET)]);
    for (const control of ['\u001b', '\u0007', '\u009b']) expect(junit + summary).not.toContain(control);
  });
});

describe("a mail catcher's password (issue 22, item 3)", () => {
  let mailpit: MailpitDouble;
  beforeAll(async () => {
    mailpit = await startMailpitDouble({ user: 'ci', password: 'catcher-pass-123' });
  });
  afterAll(() => mailpit?.close());

  const basic = `Basic ${Buffer.from('ci:catcher-pass-123').toString('base64')}`;
  const start = (source: string, to: string, extra: string[] = []) => [
    'start',
    '--domain',
    emu.url,
    '--client-id',
    'app',
    '--email',
    to,
    '--otp-from',
    source,
    '--otp-timeout',
    '5',
    '--no-save',
    ...extra,
  ];
  /** The code the emulator sent, delivered to the Mailpit double, as the tenant's SMTP would. */
  async function deliver(to: string): Promise<void> {
    const res = await fetch(`${emu.url}/__emulator/outbox/wait?to=${encodeURIComponent(to)}&since=0&timeout_ms=10000`);
    const message = ((await res.json()) as { messages: { code: string }[] }).messages[0];
    mailpit.messages.push({ ID: to, to, created: new Date(Date.now() + 1000), text: `Your code is ${message?.code}` });
  }

  it('from PWLESS_MAILPIT_PASSWORD, with the user alone in the URL: no warning, and the request carries it', async () => {
    const to = 'env-pass@example.com';
    const url = mailpit.url.replace('http://', 'http://ci@');
    const [run] = await Promise.all([runCli(start(`mailpit:${url}`, to, ['-v']), { env: { PWLESS_MAILPIT_PASSWORD: 'catcher-pass-123' } }), deliver(to)]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('warning');
    expect(mailpit.requests.at(-1)?.headers.authorization).toBe(basic);
    expectNone(run.stdout + run.stderr, ['catcher-pass-123']);
  });

  it('from the file PWLESS_MAILPIT_PASSWORD_FILE names', async () => {
    const to = 'file-pass@example.com';
    const file = join(tempHome(), 'mailpit-password');
    writeFileSync(file, 'catcher-pass-123\n');
    const url = mailpit.url.replace('http://', 'http://ci@');
    const [run] = await Promise.all([runCli(start(`mailpit:${url}`, to), { env: { PWLESS_MAILPIT_PASSWORD_FILE: file } }), deliver(to)]);
    expect(run.code).toBe(0);
    expect(mailpit.requests.at(-1)?.headers.authorization).toBe(basic);
  });

  it('in the URL: it works, and a warning says that `ps` shows it (also in the --json warnings)', async () => {
    const to = 'url-pass@example.com';
    const url = mailpit.url.replace('http://', 'http://ci:catcher-pass-123@');
    const [run] = await Promise.all([runCli(start(`mailpit:${url}`, to, ['--json'])), deliver(to)]);
    expect(run.code).toBe(0);
    const warning =
      '--otp-from mailpit: the password is in the URL, which anyone on this machine can read in the process list (ps); give the user alone in the URL and the password in PWLESS_MAILPIT_PASSWORD or in a file named by PWLESS_MAILPIT_PASSWORD_FILE.';
    expect(run.stderr).toContain(`warning: ${warning}\n`);
    expect(JSON.parse(run.stdout).warnings).toContain(warning);
  });
});
