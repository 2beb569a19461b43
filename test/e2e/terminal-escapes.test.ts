/**
 * Escape sequences from a token or a tenant reach the terminal escaped, on the real binary (issue
 * 22, item 4; docs/security.md "Control characters are shown, not obeyed"): claims, an
 * error_description and any JWT given to `token decode`, with colour off and on (where pwless's own
 * colours survive); --json parses to the very same values and holds nothing a terminal would obey.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSession, runCli, type CliRun } from './cli.ts';
import { spawnEmulatorWithTenant, type EmulatorProcess } from './emulator-process.ts';

const ESC = '\u001b';
const NAME = `${ESC}]52;c;aGk=\u0007Mallory`;
const NICKNAME = `x${ESC}[2K\r✓ ID token verified`;
const TITLE = 'boss\u009b31m\u202etxt.exe';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulatorWithTenant({
    clients: [{ client_id: 'app', app_type: 'native', grant_types: ['http://auth0.com/oauth/grant-type/passwordless/otp'] }],
    connections: [{ name: 'email', strategy: 'email', enabled_clients: ['app'] }],
    users: [{ email: 'claims@example.com', claims: { name: NAME, nickname: NICKNAME, title: TITLE } }],
  });
});
afterAll(() => emu?.stop());

async function fault(spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(res.ok).toBe(true);
}

/** Nothing a terminal would obey: no ESC, no C1, no bidi control, no other line break than the writers' own. */
function expectInert(text: string): void {
  expect(text.replace(/[\n\t]/g, '')).not.toMatch(/[\p{Cc}\p{Bidi_Control}\p{Zl}\p{Zp}]/u);
}

describe('escape sequences from a token or a tenant (issue 22, item 4)', () => {
  let session: ReturnType<typeof configSession>;
  let login: CliRun;
  beforeAll(async () => {
    session = configSession();
    login = await session.run(['start', '--domain', emu.url, '--client-id', 'app', '--email', 'claims@example.com', '--otp-from', 'emulator']);
  });

  it('claims reach the terminal escaped: no clipboard write, no erased line, no reordered text', async () => {
    expect(login.code).toBe(0);
    expect(login.stdout).toContain('\\x1b]52;c;aGk=\\x07Mallory');
    expect(login.stdout).toContain('x\\x1b[2K\\r✓ ID token verified');
    expect(login.stdout).toContain('boss\\u009b31m\\u202etxt.exe');
    expectInert(login.stdout + login.stderr);
    for (const args of [['token'], ['token', 'decode'], ['token', 'verify']]) {
      const run = await session.run(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('x\\x1b[2K\\r✓ ID token verified');
      expectInert(run.stdout + run.stderr);
    }
  });

  it("with colour on, pwless's own colours survive and the claims' sequences are still escaped", async () => {
    const run = await session.run(['token', 'decode'], { env: { FORCE_COLOR: '1' } });
    expect(run.stdout).toContain(`${ESC}[2mclaims${ESC}[22m`);
    expect(run.stdout).toContain('Mallory');
    expect(run.stdout).not.toContain(`${ESC}]52`);
    expect(run.stdout).not.toContain(`${ESC}[2K`);
    expect(run.stdout.replaceAll(new RegExp(`${ESC}\\[\\d+m`, 'g'), '')).not.toContain(ESC);
  });

  it('--json holds the very same values, with nothing a terminal would obey left raw', async () => {
    const run = await session.run(['token', 'decode', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).claims).toMatchObject({ name: NAME, nickname: NICKNAME, title: TITLE });
    expectInert(run.stdout);
  });

  it("a tenant's error_description reaches stderr escaped, and the --json description is exact", async () => {
    const description = `no${ESC}[2K\r✓ ID token verified\n✓ saved`;
    await fault({ endpoint: '/passwordless/start', count: 2, status: 400, body: { error: 'bad.connection', error_description: description } });
    const start = ['start', '--domain', emu.url, '--client-id', 'app', '--email', 'e@example.com', '--no-wait'];
    const human = await runCli(start);
    expect(human.code).toBe(5);
    expect(human.stderr).toContain('error: no\\x1b[2K\\r✓ ID token verified\\n✓ saved\n');
    expectInert(human.stderr);
    const json = await runCli([...start, '--json']);
    expect(JSON.parse(json.stdout).error.description).toBe(description);
  });

  it('token decode of any JWT: a header and claims with C1 controls and bidi overrides', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const jwt = `${part({ alg: 'RS256', kid: `k\u009b2J` })}.${part({ sub: `\u202egpj.exe`, email: `a${ESC}[8m@example.com` })}.c2ln`;
    const run = await runCli(['token', 'decode', jwt]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('kid  k\\u009b2J');
    expect(run.stdout).toContain('sub    \\u202egpj.exe');
    expectInert(run.stdout);
  });
});

describe("commander's own messages (an unknown command or option)", () => {
  it.each([
    ['an unknown command', [NAME]],
    ['an unknown option', ['start', `--bogus${NICKNAME}`]],
    ['an unknown subcommand', ['profile', TITLE]],
  ])('show %s with its control characters escaped', async (_what, args) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: /);
    for (const control of [ESC, '\u0007', '\r', '\u009b', '\u202e']) expect(run.stderr).not.toContain(control);
    expect(run.stderr).toMatch(/\\x1b|\\u009b/);
    // Its own lines stay lines.
    expect(run.stderr.split('\n').length).toBeGreaterThan(2);
  });
});
