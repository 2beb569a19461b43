/**
 * `pwless token revoke` against a real emulator (docs/auth0-behaviour.md B-REVOKE-1, B-TOKEN-ERR-15):
 * log in with offline_access, revoke, and see the refresh token forgotten locally and refused by
 * the tenant; a set without a refresh token is a clear exit 3; --curl prints the request.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome, type CliRun } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;

beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

const pwless = (args: string[], configDir: string) => runCli(args, { env: { PWLESS_CONFIG_DIR: configDir } });
const json = (run: CliRun) => JSON.parse(run.stdout) as Record<string, any>;

async function loggedIn(email: string, scope: string): Promise<string> {
  const dir = join(tempHome(), 'pwless');
  const args = ['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', email, '--otp-from', 'emulator', '--scope', scope];
  const run = await pwless(args, dir);
  expect(run.code, run.stderr).toBe(0);
  return dir;
}

describe('pwless token revoke (B-REVOKE-1)', () => {
  it('revokes the saved refresh token, forgets it, keeps the access and ID tokens; the tenant then refuses it (B-TOKEN-ERR-15)', async () => {
    const dir = await loggedIn('revoke-e2e@example.com', 'openid profile email offline_access');
    const refreshToken = json(await pwless(['token', '--json'], dir)).tokens.refresh_token as string;
    expect(refreshToken).toBeTypeOf('string');

    const savedBefore = readFileSync(join(dir, 'config.json'), 'utf8');
    const run = await pwless(['token', 'revoke'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Revoked the refresh token (POST /oauth/revoke).');
    expect(run.stdout).toContain('Revoked the refresh token of emulator-native on');
    expect(run.stdout).toContain('Kept: the access token');
    expect(run.stdout + run.stderr).not.toContain(refreshToken);

    const after = json(await pwless(['token', '--json'], dir)).tokens;
    expect(after.refresh_token).toBeUndefined();
    expect(after.access_token).toBeTypeOf('string');
    expect(after.id_token).toBeTypeOf('string');

    // The tenant refuses the revoked token: the refresh_token grant answers invalid_grant (exit 6).
    const refused = await fetch(`${emu.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'emulator-native', refresh_token: refreshToken }),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });

    // A copy of the old set (a second machine, a backup): `pwless token refresh` is refused, exit 6.
    const copy = join(tempHome(), 'pwless');
    mkdirSync(copy, { recursive: true, mode: 0o700 });
    writeFileSync(join(copy, 'config.json'), savedBefore, { mode: 0o600 });
    const stale = await pwless(['token', 'refresh'], copy);
    expect(stale.code).toBe(6);
    expect(stale.stderr).toContain('error: Unknown or invalid refresh token.');

    // Nothing left to revoke or refresh locally: exit 3 no_refresh_token.
    const again = await pwless(['token', 'revoke', '--json'], dir);
    expect(again.code).toBe(3);
    expect(json(again).error).toMatchObject({ code: 'no_refresh_token' });
    expect((await pwless(['token', 'refresh'], dir)).code).toBe(3);
  });

  it('a set without a refresh token: exit 3 no_refresh_token with the offline_access hint (B-TOKEN-4)', async () => {
    const dir = await loggedIn('no-offline-revoke@example.com', 'openid email');
    const run = await pwless(['token', 'revoke', '--json'], dir);
    expect(run.code).toBe(3);
    expect(json(run)).toMatchObject({
      ok: false,
      error: { code: 'no_refresh_token', hint: expect.stringContaining('offline_access') },
    });
  });

  it('--curl prints the revocation request with the token redacted (B-REVOKE-1)', async () => {
    const dir = await loggedIn('curl-revoke@example.com', 'openid offline_access');
    const refreshToken = json(await pwless(['token', '--json'], dir)).tokens.refresh_token as string;
    const run = await pwless(['token', 'revoke', '--curl'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toContain('/oauth/revoke');
    expect(run.stdout + run.stderr).toContain('"$REFRESH_TOKEN"');
    expect(run.stdout + run.stderr).not.toContain(refreshToken);
  });
});
