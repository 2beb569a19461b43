/**
 * `pwless token …` against a real emulator: log in with `start --otp-from emulator`, then show,
 * decode, verify, refresh, userinfo and clear the saved set, through the built binary. Each test
 * that needs a saved set shares one config dir with the login that made it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome, type CliRun } from './cli.ts';
import { advanceClock, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

const OFFLINE = 'openid profile email offline_access';
let emu: EmulatorProcess;
let dir: string;

beforeAll(async () => {
  emu = await spawnEmulator();
  dir = join(tempHome(), 'pwless');
  const run = await login(dir, 'token@example.com', OFFLINE);
  expect(run.code, run.stderr).toBe(0);
});
afterAll(async () => {
  await emu?.stop();
});

function login(configDir: string, email: string, scope: string, clientId = 'emulator-native', env: Record<string, string> = {}): Promise<CliRun> {
  const args = ['start', '--domain', emu.url, '--client-id', clientId, '--email', email, '--otp-from', 'emulator', '--scope', scope];
  return runCli(args, { env: { PWLESS_CONFIG_DIR: configDir, ...env } });
}

const pwless = (args: string[], configDir = dir, extra: { input?: string; env?: Record<string, string> } = {}) =>
  runCli(args, { env: { PWLESS_CONFIG_DIR: configDir, ...extra.env }, input: extra.input });

const json = (run: CliRun) => JSON.parse(run.stdout) as Record<string, any>;

/** A config dir holding one hand-made saved set, for the failures a real login cannot produce. */
function savedSet(tokens: Record<string, unknown>): string {
  const configDir = join(tempHome(), 'pwless');
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const set = {
    obtained_at: new Date().toISOString(),
    domain: emu.url,
    client_id: 'emulator-native',
    tokens: { token_type: 'Bearer', expires_in: 86400, ...tokens },
  };
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ schemaVersion: 1, tokens: { [`${emu.url}|emulator-native`]: set } }), { mode: 0o600 });
  return configDir;
}

describe('pwless token (show)', () => {
  it('shows the saved set decoded, tokens shortened, and says it verified nothing', async () => {
    const run = await pwless(['token']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Using the most recent saved tokens: emulator-native on');
    expect(run.stdout).toMatch(/^Saved tokens {2}emulator-native on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(run.stdout).toMatch(/scope\s+openid profile email offline_access/);
    // No audience was asked for: the emulator's access token is opaque, as Auth0's (docs/auth0-behaviour.md, B-TOKEN-11).
    expect(run.stdout).toMatch(/type\s+Bearer, opaque \(not a JWT\): no `audience` was requested/);
    expect(run.stdout).toMatch(/expiry\s+expires \S+Z \(in (23h 59m|1d)\)/);
    expect(run.stdout).toMatch(/audience\s+emulator-native/);
    expect(run.stdout).toMatch(/email\s+token@example\.com/);
    expect(run.stdout).toMatch(/exp\s+\d+ {2}\S+Z \(in (9h 59m|10h)\)/);
    expect(run.stdout).toContain('nothing here was verified');
    expect(run.stdout).not.toMatch(/eyJ[\w-]{40,}\.[\w-]+\.[\w-]+/);
  });

  it('--json gives the whole set in one document; --raw prints one token and nothing else', async () => {
    const doc = json(await pwless(['token', '--json']));
    expect(doc).toMatchObject({ ok: true, verified: false, saved: { client_id: 'emulator-native', domain: emu.url } });
    expect(doc.decoded.access_token).toEqual({ format: 'opaque', expires_at: expect.any(String), expired: false });
    expect(doc.decoded.id_token.claims.email).toBe('token@example.com');
    for (const name of ['access_token', 'id_token', 'refresh_token']) {
      const raw = await pwless(['token', '--raw', name]);
      expect(raw.code).toBe(0);
      expect(raw.stdout).toBe(`${doc.tokens[name]}\n`);
    }
  });

  it('refuses --raw with --json, and an unknown --raw name, with exit 2', async () => {
    const both = await pwless(['token', '--raw', 'access_token', '--json']);
    expect(both.code).toBe(2);
    expect(json(both)).toMatchObject({ ok: false, error: { code: 'conflicting_options' } });
    const unknown = await pwless(['token', '--raw', 'password']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Allowed choices are access_token, id_token, refresh_token');
  });

  it('says an opaque access token is opaque because no audience was requested, and a JWE is encrypted', async () => {
    const run = await pwless(['token'], savedSet({ access_token: 'xJ3kR8Tz2sYpNwQk0v3Jm7bXa9Lc1Fd' }));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('opaque (not a JWT): no `audience` was requested');
    expect(run.stdout).toContain('xJ3kR8Tz2sYpNwQk… (31 chars)');
    const jwe = await pwless(
      ['token', '--json'],
      savedSet({ access_token: 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXYtaXYtaXY.Y2lwaGVydGV4dA.dGFnLXRhZy10YWc' }),
    );
    expect(json(jwe).decoded.access_token).toMatchObject({ format: 'jwe' });
    expect(json(jwe).decoded.access_token.claims).toBeUndefined();
  });
});

describe('pwless token decode', () => {
  it('decodes a JWT from standard input and claims no verification', async () => {
    const idToken = (await pwless(['token', '--raw', 'id_token'])).stdout;
    const run = await pwless(['token', 'decode', '-'], dir, { input: idToken });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^JWT \(RS256, kid \S+\): the JWT read from standard input$/m);
    expect(run.stdout).toMatch(/iss\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(run.stdout).toContain('Not verified');
  });

  it('exits 2 and says what is wrong with garbage, also as JSON', async () => {
    const run = await pwless(['token', 'decode', 'not-a-jwt']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: The JWT given as the argument has 1 part; a JWT has 3');
    const doc = json(await pwless(['token', 'decode', 'eyJhbGciOiJSUzI1NiJ9.e30=.sig', '--json']));
    expect(doc.error).toMatchObject({ code: 'invalid_jwt', description: expect.stringContaining('base64 padding "="') });
  });
});

describe('pwless token verify', () => {
  it("verifies the saved ID token against the emulator's keys, one line per check", async () => {
    const run = await pwless(['token', 'verify']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^✓ Verified: the saved ID token of emulator-native on/m);
    for (const name of ['signed', 'alg', 'kid', 'signature', 'iss', 'sub', 'aud', 'exp', 'iat']) expect(run.stdout).toMatch(new RegExp(`^  ✓ ${name} `, 'm'));
    const doc = json(await pwless(['token', 'verify', '--json']));
    expect(doc).toMatchObject({ ok: true, verified: true, source: 'saved', against: { issuer: `${emu.url}/`, client_id: 'emulator-native', leeway: 60 } });
  });

  it('exits 8 with the failed check as error.code: another client, a forged payload', async () => {
    const idToken = (await pwless(['token', '--raw', 'id_token'])).stdout.trim();
    const aud = await pwless(['token', 'verify', idToken, '--domain', emu.url, '--client-id', 'emulator-web', '--json']);
    expect(aud.code).toBe(8);
    expect(json(aud)).toMatchObject({ ok: false, error: { code: 'aud' }, verified: false });

    const [header, payload, signature] = idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, email: 'admin@example.com' })).toString('base64url')}.${signature}`;
    const sig = await pwless(['token', 'verify', '-', '--domain', emu.url, '--client-id', 'emulator-native'], dir, { input: forged });
    expect(sig.code).toBe(8);
    expect(sig.stdout).toMatch(/✗ signature .* the signature does not match/);
    expect(sig.stderr).toContain('error: The token failed the signature check');
  });

  it('exits 2 for a --leeway that is not a number of seconds', async () => {
    expect((await pwless(['token', 'verify', '--leeway', 'soon'])).code).toBe(2);
  });
});

describe('pwless token refresh', () => {
  it('gets new tokens, shows what changed, keeps the unrotated refresh token and saves the set', async () => {
    const before = json(await pwless(['token', '--json'])).tokens;
    await advanceClock(emu.url, 2); // a new iat, so the tokens differ
    const run = await pwless(['token', 'refresh']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Refreshed the tokens (POST /oauth/token, refresh_token grant)');
    expect(run.stdout).toMatch(/access_token\s+new \S+… \(\d+ chars\), expires/);
    expect(run.stdout).toContain('refresh_token  kept: none came back');
    expect(run.stdout).toMatch(/id_token\.iat\s+\d+ .* → \d+/);
    expect(run.stdout).toContain('✓ New ID token verified');
    const after = json(await pwless(['token', '--json'])).tokens;
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).toBe(before.refresh_token);
  });

  it('--raw prints only the new token; --json one document with the changes', async () => {
    const raw = await pwless(['token', 'refresh', '--raw', 'access_token']);
    expect(raw.code).toBe(0);
    expect(raw.stdout).toMatch(/^eyJ[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(raw.stdout).toBe((await pwless(['token', '--raw', 'access_token'])).stdout);
    const doc = json(await pwless(['token', 'refresh', '--json']));
    expect(doc).toMatchObject({ ok: true, refreshed: true, changes: { refresh_token: 'kept', id_token: 'new' }, verification: { ok: true } });
  });

  it('exits 3 when the login did not ask for offline_access', async () => {
    const noOffline = join(tempHome(), 'pwless');
    expect((await login(noOffline, 'online@example.com', 'openid profile email')).code).toBe(0);
    const run = await pwless(['token', 'refresh', '--json'], noOffline);
    expect(run.code).toBe(3);
    expect(json(run).error).toMatchObject({ code: 'no_refresh_token', hint: expect.stringContaining('offline_access') });
  });

  it('exits 6 when the tenant rejects the refresh token, without printing it', async () => {
    const refreshToken = 'revoked-refresh-token-0123456789abcdefghijklmnop';
    const run = await pwless(['token', 'refresh'], savedSet({ access_token: 'at', refresh_token: refreshToken }));
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('error: Unknown or invalid refresh token.');
    expect(run.stderr).toContain('tenant answered: HTTP 403 invalid_grant');
    expect(run.stdout + run.stderr).not.toContain(refreshToken);
  });

  it('sends the secret of a confidential client from --client-secret-file -', async () => {
    const web = join(tempHome(), 'pwless');
    expect((await login(web, 'web@example.com', OFFLINE, 'emulator-web', { PWLESS_CLIENT_SECRET: 'emulator-web-secret' })).code).toBe(0);
    expect((await pwless(['token', 'refresh'], web)).code).toBe(5);
    const run = await pwless(['token', 'refresh', '--client-secret-file', '-'], web, { input: 'emulator-web-secret\n' });
    expect(run.code, run.stderr).toBe(0);
  });
});

describe('pwless token userinfo', () => {
  it('reads /userinfo with the saved access token and compares it with the ID token', async () => {
    const run = await pwless(['token', 'userinfo']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/= sub\s+email\|[0-9a-f]{24}/);
    expect(run.stdout).toMatch(/= email\s+token@example\.com/);
    expect(run.stdout).toContain('✓ /userinfo and the ID token agree');
    const doc = json(await pwless(['token', 'userinfo', '--json']));
    expect(doc).toMatchObject({ ok: true, userinfo: { email: 'token@example.com' }, agrees_with_id_token: true, disagreements: [] });
  });

  it('exits 5 with the tenant error when the access token is refused', async () => {
    const run = await pwless(['token', 'userinfo'], savedSet({ access_token: 'not-an-access-token-at-all' }));
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('tenant answered: HTTP 401 invalid_token');
    expect(run.stderr).toContain('www-authenticate: Bearer error="invalid_token"');
  });
});

describe('which saved set', () => {
  it('takes the most recent one, or the one a --client-id names; says which on stderr', async () => {
    const configDir = join(tempHome(), 'pwless');
    expect((await login(configDir, 'native@example.com', OFFLINE)).code).toBe(0);
    expect((await login(configDir, 'web@example.com', OFFLINE, 'emulator-web', { PWLESS_CLIENT_SECRET: 'emulator-web-secret' })).code).toBe(0);
    const latest = await pwless(['token', '--json'], configDir);
    expect(json(latest).saved.client_id).toBe('emulator-web');
    expect(latest.stderr).toContain('Using the most recent saved tokens: emulator-web on');
    const named = await pwless(['token', '--json', '--client-id', 'emulator-native'], configDir);
    expect(json(named).decoded.id_token.claims.email).toBe('native@example.com');
    const exact = await pwless(['token', '--json', '--domain', emu.url, '--client-id', 'emulator-native'], configDir);
    expect(exact.stderr).not.toContain('most recent');
    expect(json(exact).saved.key).toBe(`${emu.url}|emulator-native`);
    expect(json(await pwless(['token', 'clear', '--all', '--json'], configDir)).cleared).toHaveLength(2);
  });

  it('exits 3 for a saved set pwless cannot read, with the way out', async () => {
    const run = await pwless(['token', '--json'], savedSet({ access_token: undefined }));
    expect(run.code).toBe(3);
    expect(json(run).error).toMatchObject({ code: 'invalid_saved_tokens', hint: expect.stringContaining('pwless token clear --all') });
  });
});

describe('pwless token clear', () => {
  it('forgets the saved set; then there is nothing to show (exit 3)', async () => {
    const configDir = join(tempHome(), 'pwless');
    expect((await login(configDir, 'clear@example.com', OFFLINE)).code).toBe(0);
    const run = await pwless(['token', 'clear'], configDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Forgot the saved tokens of emulator-native on http:\/\/127\.0\.0\.1:\d+\. They stay valid/);
    const after = await pwless(['token', '--json'], configDir);
    expect(after.code).toBe(3);
    expect(json(after).error.code).toBe('no_saved_tokens');
    expect(json(await pwless(['token', 'clear', '--json'], configDir))).toEqual({ ok: true, cleared: [] });
  });
});
