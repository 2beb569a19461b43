import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

const base = () => ['--domain', emu.url, '--client-id', 'emulator-native'];

describe('pwless start against the emulator', () => {
  it('logs in with the code from the outbox and prints one JSON document', async () => {
    const run = await runCli(['start', ...base(), '--email', 'json@example.com', '--otp-from', 'emulator', '--json']);
    expect(run.stderr).toContain('Sent a code by email to json@example.com');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.tokens.token_type).toBe('Bearer');
    expect(doc.tokens.expires_in).toBe(86400);
    expect(doc.tokens.id_token.split('.')).toHaveLength(3);
    expect(doc.tokens.refresh_token).toBeUndefined();
    expect(doc.claims.id_token).toMatchObject({ iss: `${emu.url}/`, aud: 'emulator-native', email: 'json@example.com', email_verified: true });
    expect(doc.claims.id_token.sub).toMatch(/^email\|[0-9a-f]{24}$/);
    expect(doc.claims.id_token.exp - doc.claims.id_token.iat).toBe(36000);
    expect(doc.verification.ok).toBe(true);
    expect(doc.verification.checks.map((c: { name: string }) => c.name)).toContain('signature');
  });

  it('shows humans a token table, the checks and the claims, with tokens shortened', async () => {
    const run = await runCli(['start', ...base(), '--email', 'human@example.com', '--otp-from', 'emulator', '--scope', 'openid profile email offline_access']);
    expect(run.code).toBe(0);
    // No audience: an opaque access token, as Auth0 issues (docs/auth0-behaviour.md, B-TOKEN-11).
    expect(run.stdout).toMatch(
      /access_token\s+eyJ\S+… \(\d+ chars\)\s+Bearer, expires \S+ \((in 23h 59m|in 1d)\)\n\s+opaque \(not a JWT\): no `audience` was requested/,
    );
    expect(run.stdout).toMatch(/refresh_token\s+\S+/);
    expect(run.stdout).toContain('✓ ID token verified (RS256');
    expect(run.stdout).toMatch(/✓ iss\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(run.stdout).toMatch(/email\s+human@example\.com/);
    expect(run.stdout).toMatch(/exp\s+\d+\s+\S+Z \(in 9h 59m|in 10h\)/);
    // The full tokens are not printed unless asked for.
    const codes = await outbox(emu.url, 'human@example.com');
    expect(run.stdout + run.stderr).not.toContain(codes[0]?.code);
    expect(run.stdout).not.toMatch(/eyJ[\w-]{40,}\.[\w-]+\.[\w-]+/);
  });

  it('gets a JWT access token for an --audience, its aud the API and /userinfo', async () => {
    const run = await runCli(['start', ...base(), '--email', 'api@example.com', '--otp-from', 'emulator', '--audience', 'urn:example:api', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.claims.access_token).toMatchObject({ aud: ['urn:example:api', expect.stringMatching(/\/userinfo$/)], azp: 'emulator-native' });
  });

  it('logs in by SMS', async () => {
    const run = await runCli(['start', ...base(), '--phone', '+15550100', '--otp-from', 'emulator', '--json']);
    expect(run.code).toBe(0);
    const claims = JSON.parse(run.stdout).claims.id_token;
    expect(claims).toMatchObject({ phone_number: '+15550100', phone_verified: true });
    expect(claims.sub).toMatch(/^sms\|/);
  });

  it('exits 6 with the tenant text for a wrong code', async () => {
    const run = await runCli(['start', ...base(), '--email', 'wrong@example.com', '--otp', '000000', '--json']);
    expect(run.code).toBe(6);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: {
        code: 'invalid_grant',
        status: 403,
        description: 'Wrong email or verification code.',
        hint: expect.stringContaining('latest code'),
        reason: 'wrong',
        attempts_left: 2,
        // The emulator sends its rate-limit headers on every answer, as Auth0 does: scripts can watch `remaining`.
        rate_limit: { limit: 30, remaining: 29, reset: expect.any(String), retry_after: null },
      },
    });
  });

  it('exits 5 with the dashboard hint when a Regular Web App sends no secret', async () => {
    const run = await runCli(['start', '--domain', emu.url, '--client-id', 'emulator-web', '--email', 'web@example.com', '--otp', '1']);
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: Client authentication is required');
    expect(run.stderr).toContain('tenant answered: HTTP 403 unauthorized_client');
    expect(run.stderr).toContain('hint: This is a Regular Web Application');
  });

  it('takes the secret from PWLESS_CLIENT_SECRET and never prints it, even in the -v trace', async () => {
    const run = await runCli(['start', '--domain', emu.url, '--client-id', 'emulator-web', '--email', 'trace@example.com', '--otp-from', 'emulator', '-v'], {
      env: { PWLESS_CLIENT_SECRET: 'emulator-web-secret' },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('> POST ');
    expect(run.stderr).toContain('client_secret');
    expect(run.stdout + run.stderr).not.toContain('emulator-web-secret');
    const [message] = await outbox(emu.url, 'trace@example.com');
    expect(run.stdout + run.stderr).not.toContain(message?.code);
  });

  it('reads the secret from --client-secret-file -', async () => {
    const run = await runCli(
      [
        'start',
        '--domain',
        emu.url,
        '--client-id',
        'emulator-web',
        '--email',
        'stdin@example.com',
        '--otp-from',
        'emulator',
        '--client-secret-file',
        '-',
        '--json',
      ],
      {
        input: 'emulator-web-secret\n',
      },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).ok).toBe(true);
  });

  it.each([
    [['--email', 'not-an-address', '--otp', '1'], 2, '--email "not-an-address" is not an email address.'],
    [['--phone', '5550100', '--otp', '1'], 2, '--phone "5550100" is not an E.164 phone number.'],
    [['--email', 'a@b.co', '--phone', '+1555', '--otp', '1'], 2, 'Give either --email or --phone, not both (--email and --phone).'],
    [['--email', 'a@b.co', '--otp-from', 'pigeon'], 2, '--otp-from "pigeon" is not a code source.'],
    [['--email', 'a@b.co', '--otp', '1', '--timeout', 'soon'], 2, '--timeout "soon" is not valid'],
  ])('rejects bad input %j with exit %i', async (args, code, message) => {
    const run = await runCli(['start', ...base(), ...args]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
  });

  it('refuses plain http to a non-loopback host (exit 2) and a missing domain (exit 3)', async () => {
    const insecure = await runCli(['start', '--domain', 'http://tenant.example.com', '--client-id', 'x', '--email', 'a@b.co', '--otp', '1', '--json']);
    expect(insecure.code).toBe(2);
    expect(JSON.parse(insecure.stdout).error.code).toBe('insecure_domain');
    const missing = await runCli(['start', '--client-id', 'x', '--email', 'a@b.co', '--otp', '1']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('No tenant domain given.');
    expect(missing.stderr).toContain('PWLESS_DOMAIN');
  });

  it('exits 4 when nothing listens on the port', async () => {
    const run = await runCli(['start', '--domain', 'http://127.0.0.1:1', '--client-id', 'x', '--email', 'a@b.co', '--otp', '1', '--json']);
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'connection_refused', description: '127.0.0.1:1 refused the connection.' });
  });

  it('exits 2 for an unknown flag, with one JSON document under --json', async () => {
    const run = await runCli(['start', '--bogus', '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--bogus'");
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'invalid_usage' } });
  });
});
