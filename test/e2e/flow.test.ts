/** The login flow for scripts: start then verify, every code source, and every exit code the emulator can produce. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSession, runCli, tempHome } from './cli.ts';
import { advanceClock, outbox, spawnEmulator, spawnEmulatorWithTenant, type EmulatorProcess } from './emulator-process.ts';
import { eventually } from '../helpers/poll.ts';

let emu: EmulatorProcess;
let shortLived: EmulatorProcess;
beforeAll(async () => {
  [emu, shortLived] = await Promise.all([spawnEmulator(), spawnEmulator(['--otp-ttl', '1'])]);
});
afterAll(async () => {
  await Promise.all([emu?.stop(), shortLived?.stop()]);
});

const session = () => configSession().run;
const target = () => ['--domain', emu.url, '--client-id', 'emulator-native'];
const latestCode = async (to: string) => (await outbox(emu.url, to))[0]?.code as string;

describe('start, then verify', () => {
  it('records the login without a terminal and finishes it with verify --otp', async () => {
    const run = session();
    const start = await run(['start', ...target(), '--email', 'later@example.com']);
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('Code sent to later@example.com; the login is waiting for it.');
    expect(start.stdout).toContain('pwless verify --email later@example.com --otp <code>');
    const verify = await run(['verify', '--otp', await latestCode('later@example.com'), '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).claims.id_token.email).toBe('later@example.com');
    // The pending login is finished: nothing is left to verify.
    const again = await run(['verify', '--otp', '123456']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('There is no pending login to verify.');
  });

  it('picks the pending login of --email among several, and --json describes the pending one', async () => {
    const run = session();
    const first = await run(['start', ...target(), '--email', 'one@example.com', '--json']);
    expect(JSON.parse(first.stdout)).toMatchObject({ ok: true, pending: { identity: 'one@example.com', send: 'code', client_id: 'emulator-native' } });
    await run(['start', ...target(), '--phone', '+15550111', '--no-wait']);
    const verify = await run(['verify', '--email', 'one@example.com', '--otp', await latestCode('one@example.com'), '--json']);
    expect(verify.code).toBe(0);
    const sms = await run(['verify', '--otp-from', 'emulator', '--json']);
    expect(sms.code).toBe(0);
    expect(JSON.parse(sms.stdout).claims.id_token.phone_number).toBe('+15550111');
  });

  it('fails at once with exit 2 when verify has no way to get the code', async () => {
    const run = session();
    await run(['start', ...target(), '--email', 'stuck@example.com']);
    // Nothing to wait for: a run that waited would be killed by the guard and have no exit code.
    const verify = await run(['verify'], { timeoutMs: 5000 });
    expect(verify.signal).toBeNull();
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain('No way to get the code');
    expect(verify.stderr).toContain('--otp <code>, or --otp-from');
  });
});

describe('code sources', () => {
  it('stdin: a message piped in', async () => {
    const run = session();
    await run(['start', ...target(), '--email', 'stdin@example.com']);
    const code = await latestCode('stdin@example.com');
    const verify = await run(['verify', '--otp-from', 'stdin'], { input: `Your verification code is ${code}\n` });
    expect(verify.code).toBe(0);
    expect(verify.stderr).toContain('Read the code from standard input.');
  });

  it('env:VAR', async () => {
    const run = session();
    await run(['start', ...target(), '--email', 'env@example.com']);
    const verify = await run(['verify', '--otp-from', 'env:MY_OTP'], { env: { MY_OTP: await latestCode('env@example.com') } });
    expect(verify.code).toBe(0);
  });

  it('file:PATH, written while pwless waits for it', async () => {
    const run = session();
    const file = join(tempHome(), 'mail.txt');
    await run(['start', ...target(), '--email', 'file@example.com']);
    const code = await latestCode('file@example.com');
    // Written once pwless has started on the pending login, so that it is waiting for the file.
    const onStderr = (stderr: string) => {
      if (stderr.includes('Finishing the login of') && !existsSync(file)) writeFileSync(file, `Subject: Sign in\n\n© 2026 Example. Your code is ${code}.\n`);
    };
    const verify = await run(['verify', '--otp-from', `file:${file}`, '--otp-timeout', '10'], { onStderr });
    expect(verify.code, verify.stderr).toBe(0);
  });

  it("cmd:'…' re-run until its output holds a code, with PWLESS_OTP_TO set", async () => {
    const run = session();
    const home = tempHome();
    const marker = join(home, 'ready');
    const runs = join(home, 'runs');
    await run(['start', ...target(), '--email', 'cmd@example.com']);
    // Counts its runs, prints nothing until the marker exists, then the outbox of PWLESS_OTP_TO
    // (curl, as a mail catcher would be queried).
    const command = `echo >> ${runs}; test -e ${marker} && curl -fsS "${emu.url}/__emulator/outbox?to=$PWLESS_OTP_TO"`;
    const verifying = run(['verify', '--otp-from', `cmd:${command}`, '--otp-timeout', '15']);
    await eventually(() => existsSync(runs), { timeoutMs: 10_000 }); // it ran once and found no code
    writeFileSync(marker, '');
    const verify = await verifying;
    expect(readFileSync(runs, 'utf8').length).toBeGreaterThanOrEqual(2); // so it was run again
    expect(verify.stderr).toContain('Read the code from the command.');
    expect(verify.code).toBe(0);
  });

  it('--otp-regex picks the code where the default rules would not', async () => {
    const run = session();
    await run(['start', ...target(), '--email', 'regex@example.com']);
    const code = await latestCode('regex@example.com');
    const verify = await run(['verify', '--otp-from', 'stdin', '--otp-regex', 'PIN\\[(\\d+)\\]'], { input: `ref 998877 PIN[${code}]\n` });
    expect(verify.code).toBe(0);
  });

  it('times out (exit 4) when a file never comes, and says no code when stdin holds none (exit 2)', async () => {
    const run = session();
    await run(['start', ...target(), '--email', 'none@example.com']);
    const file = await run(['verify', '--otp-from', `file:${join(tempHome(), 'never.txt')}`, '--otp-timeout', '0.5', '--json']);
    expect(file.code).toBe(4);
    expect(JSON.parse(file.stdout).error.code).toBe('otp_timeout');
    const stdin = await run(['verify', '--otp-from', 'stdin'], { input: 'no digits at all\n' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('No code found in the line read from standard input.');
  });
});

describe('what the tenant says, as exit codes and hints', () => {
  it('exit 6 after three wrong codes: the code is void', async () => {
    const run = session();
    await run(['start', ...target(), '--email', 'void@example.com']);
    for (let i = 0; i < 3; i++) expect((await run(['verify', '--otp', '000000'])).code).toBe(6);
    // Unnamed, the void login is not even tried (exit 6 all the same); named, the tenant is asked and refuses.
    const unnamed = await run(['verify', '--otp', '000000', '--json']);
    expect(unnamed.code).toBe(6);
    expect(JSON.parse(unnamed.stdout).error).toMatchObject({ code: 'no_live_pending_login', status: null, reason: 'exhausted' });
    const last = await run(['verify', '--email', 'void@example.com', '--otp', await latestCode('void@example.com'), '--json']);
    expect(last.code).toBe(6);
    expect(JSON.parse(last.stdout).error).toMatchObject({
      code: 'invalid_grant',
      status: 403,
      description: "You've reached the maximum number of attempts. Please try to login again.",
    });
    expect(JSON.parse(last.stdout).error.hint).toContain('send a new one');
  });

  it('exit 6 for an expired code', async () => {
    const run = session();
    const start = await run(['start', '--domain', shortLived.url, '--client-id', 'emulator-native', '--email', 'late@example.com']);
    expect(start.code).toBe(0);
    const [message] = await outbox(shortLived.url, 'late@example.com');
    await advanceClock(shortLived.url, 2); // past the 1 s lifetime, on the emulator's clock
    const verify = await run(['verify', '--otp', message?.code as string]);
    expect(verify.code).toBe(6);
    expect(verify.stderr).toContain('The verification code has expired. Please try to login again.');
  });

  it('exit 5 for an unknown client id, with the tenant text', async () => {
    const run = await runCli(['start', '--domain', emu.url, '--client-id', 'nobody', '--email', 'a@example.com', '--otp', '1', '--json']);
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'unauthorized_client', status: 401, hint: expect.stringContaining('--client-id') });
  });

  it('rejects bad --send and --auth-param before sending anything (exit 2)', async () => {
    for (const args of [
      ['--send', 'carrier-pigeon'],
      ['--auth-param', 'nokey'],
    ]) {
      const run = await runCli(['start', ...target(), '--email', 'bad-input@example.com', '--otp', '1', ...args]);
      expect(run.code).toBe(2);
    }
    expect(await outbox(emu.url, 'bad-input@example.com')).toEqual([]);
  });
});

describe('limits, attack protection and app types', () => {
  it('exit 7 when /passwordless/start is rate limited, with the headers and the reset as a time', async () => {
    const limited = await spawnEmulator(['--start-limit', '1']);
    try {
      const args = ['start', '--domain', limited.url, '--client-id', 'emulator-native', '--email', 'rate@example.com', '--no-wait'];
      expect((await runCli(args)).code).toBe(0);
      const second = await runCli(args);
      expect(second.code).toBe(7);
      expect(second.stderr).toContain('tenant answered: HTTP 429 too_many_requests');
      expect(second.stderr).toMatch(/x-ratelimit-limit: 1\n/);
      expect(second.stderr).toMatch(/x-ratelimit-reset: \d+ \(\d{4}-\d\d-\d\dT[\d:.]+Z\)/);
      expect(second.stderr).toMatch(/retry-after: \d+/);
      const json = JSON.parse((await runCli([...args, '--json'])).stdout);
      expect(json.error).toMatchObject({ code: 'too_many_requests', status: 429 });
    } finally {
      await limited.stop();
    }
  });

  it('exit 7 once brute-force protection blocks the user', async () => {
    const guarded = await spawnEmulator(['--brute-force-threshold', '2']);
    try {
      const run = session();
      await run(['start', '--domain', guarded.url, '--client-id', 'emulator-native', '--email', 'brute@example.com']);
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await run(['verify', '--otp', '000000'])).code);
      expect(codes).toEqual([6, 6, 7]);
      const last = await run(['verify', '--otp', '000000', '--json']);
      expect(JSON.parse(last.stdout).error).toMatchObject({ code: 'too_many_attempts', status: 429, hint: expect.stringContaining('Attack protection') });
    } finally {
      await guarded.stop();
    }
  });

  it('exit 5 with a hint for a user who must pass MFA', async () => {
    const run = await runCli(['start', ...target(), '--email', 'mfa@example.com', '--otp-from', 'emulator', '--json']);
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'mfa_required', hint: expect.stringContaining('multi-factor') });
  });

  it('exit 5 for an SPA client at the token endpoint, naming the grant settings', async () => {
    const run = await runCli(['start', '--domain', emu.url, '--client-id', 'emulator-spa', '--email', 'spa@example.com', '--otp-from', 'emulator', '--json']);
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: 'unauthorized_client',
      status: 403,
      hint: expect.stringContaining('Single Page Applications cannot use it'),
    });
  });

  it('exit 5 for a connection that is not enabled for the client (tenant file)', async () => {
    const custom = await spawnEmulatorWithTenant({
      clients: [{ client_id: 'app', name: 'App', app_type: 'native', grant_types: ['http://auth0.com/oauth/grant-type/passwordless/otp'], callbacks: [] }],
      connections: [{ name: 'email', strategy: 'email', enabled_clients: [] }],
    });
    try {
      const run = await runCli(['start', '--domain', custom.url, '--client-id', 'app', '--email', 'off@example.com', '--otp', '1']);
      expect(run.code).toBe(5);
      expect(run.stderr).toContain('error: Connection is disabled');
      expect(run.stderr).toContain('Authentication > Passwordless > (email or sms) > Applications');
    } finally {
      await custom.stop();
    }
  });
});

describe('an emulator whose clock is set apart', () => {
  it('still finds the code in the outbox, and the token checks then say the clock is off (exit 8)', async () => {
    const past = await spawnEmulator(['--clock', '2020-01-01T00:00:00Z']);
    try {
      const run = await runCli([
        'start',
        '--domain',
        past.url,
        '--client-id',
        'emulator-native',
        '--email',
        'clock@example.com',
        '--otp-from',
        'emulator',
        '--otp-timeout',
        '5',
        '--json',
      ]);
      expect(run.stderr).toContain("Read the code from the emulator's outbox");
      expect(run.code).toBe(8);
      expect(JSON.parse(run.stdout).error.code).toBe('exp');
    } finally {
      await past.stop();
    }
  });
});

describe('what goes over the wire', () => {
  it('sends a magic link with authParams: redirect_uri, response_type, scope, state, nonce and extra keys', async () => {
    const run = session();
    const start = await run(['start', ...target(), '--email', 'link@example.com', '--send', 'link', '--auth-param', 'prompt=login', '--json']);
    expect(start.code).toBe(0);
    const { pending } = JSON.parse(start.stdout);
    expect(pending).toMatchObject({ send: 'link', redirect_uri: 'http://127.0.0.1/callback', response_type: 'code' });
    const body = (await (await fetch(`${emu.url}/__emulator/outbox?to=link%40example.com`)).json()) as { messages: { link: string }[] };
    const link = new URL(body.messages[0]?.link as string);
    expect(link.pathname).toBe('/passwordless/verify_redirect');
    expect(Object.fromEntries(link.searchParams)).toMatchObject({
      redirect_uri: 'http://127.0.0.1/callback',
      response_type: 'code',
      state: pending.state,
      nonce: pending.nonce,
      scope: 'openid profile email',
    });
  });

  it('warns once that --forwarded-for is ignored for a public client', async () => {
    const run = await runCli(['start', ...target(), '--email', 'fwd@example.com', '--forwarded-for', '203.0.113.9', '--otp-from', 'emulator']);
    expect(run.code).toBe(0);
    expect(run.stderr.match(/--forwarded-for will be ignored/g)).toHaveLength(1);
    expect(run.stderr).toContain('Trust Token Endpoint IP Header');
  });

  it('traces HTTP with -v, with no secret, code or full token in it', async () => {
    const run = await runCli(
      [
        'start',
        '--domain',
        emu.url,
        '--client-id',
        'emulator-web',
        '--email',
        'wire@example.com',
        '--otp-from',
        'emulator',
        '-v',
        '--json',
        '--scope',
        'openid offline_access',
      ],
      {
        env: { PWLESS_CLIENT_SECRET: 'emulator-web-secret' },
      },
    );
    expect(run.code).toBe(0);
    const { tokens } = JSON.parse(run.stdout);
    const code = await latestCode('wire@example.com');
    expect(run.stderr).toMatch(/> POST http:\/\/127\.0\.0\.1:\d+\/oauth\/token/);
    expect(run.stderr).toMatch(/< 200 \(\d+ ms\)/);
    for (const secret of ['emulator-web-secret', code, tokens.access_token, tokens.id_token, tokens.refresh_token]) expect(run.stderr).not.toContain(secret);
    // The signature of each JWT is masked; the rest stays readable for debugging.
    const [header, payload, signature] = tokens.id_token.split('.');
    expect(run.stderr).toContain(`${header}.${payload}.••••`);
    expect(run.stderr).not.toContain(signature);
  });

  it('prints only the result with -q', async () => {
    const run = await runCli(['start', ...target(), '--email', 'quiet@example.com', '--otp-from', 'emulator', '-q']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Tokens');
  });
});
