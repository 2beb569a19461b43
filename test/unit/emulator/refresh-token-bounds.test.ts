// Refresh tokens are bounded (src/emulator/refresh-tokens.ts, docs/emulator.md "Memory"): they
// expire 30 days after issue on the emulator clock (B-TOKEN-12), at most 200 per user and client
// (B-TOKEN-13), at most 10,000 in all (E-MEMORY-2). Unbounded, 40,000 logins made a 7.5 MB state
// file that took 250 ms to write after every request.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import { randomSource } from '../../../src/emulator/random.ts';
import {
  REFRESH_TOKEN_LIFETIME_SECONDS,
  REFRESH_TOKENS_PER_USER_AND_CLIENT,
  REFRESH_TOKENS_TOTAL,
  RefreshTokenStore,
  type RefreshGrant,
  type StoredRefreshGrant,
} from '../../../src/emulator/refresh-tokens.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import type { Tenant } from '../../../src/emulator/tenant.ts';
import { expectError, ManualClock, NATIVE, otpParams, postForm, postJson, start } from './helpers.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const DAY_MS = 24 * 3600 * 1000;
const UNKNOWN = 'Unknown or invalid refresh token.';
const running = new Set<RunningEmulator>();

async function open(options: Parameters<typeof start>[0]): Promise<RunningEmulator> {
  const emu = await start(options);
  running.add(emu);
  return emu;
}

afterEach(async () => {
  for (const emu of running) await emu.close();
  running.clear();
});

const CODE = '246810';
async function login(emu: RunningEmulator, email: string): Promise<string> {
  const sent = await postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email', email, send: 'code' });
  expect(sent.status).toBe(200);
  const tokens = await postForm(emu, '/oauth/token', otpParams(email, CODE, { scope: 'openid offline_access' }));
  expect(tokens.status).toBe(200);
  return tokens.body.refresh_token as string;
}

const refresh = (emu: RunningEmulator, token: string) =>
  postForm(emu, '/oauth/token', { grant_type: 'refresh_token', client_id: NATIVE, refresh_token: token });

/** The default tenant with a test code for every address here, so that a login is two requests. */
function tenant(): Tenant {
  const t = defaultTenant();
  t.test_codes = [{ match: '@example.com', code: CODE }];
  return t;
}

const grant = (user: string, client = NATIVE): RefreshGrant => ({ client_id: client, user_id: user, scope: 'openid offline_access', audience: undefined });

describe('refresh tokens expire 30 days after issue (B-TOKEN-12)', () => {
  it('work until then, on the emulator clock, and are refused after', async () => {
    const clock = new ManualClock();
    const emu = await open({ clock, tenant: tenant(), limits: false });
    const token = await login(emu, 'thirty@example.com');
    clock.advance(30 * DAY_MS - 1);
    expect((await refresh(emu, token)).status).toBe(200);
    clock.advance(1);
    expectError(await refresh(emu, token), 403, 'invalid_grant', UNKNOWN);
  });

  it('keep their issue time across a restart, and a file from before it counts from the load (E-STATE-1, E-STATE-4)', async () => {
    const clock = new ManualClock();
    const stateFile = join(tempDir('pwless-refresh-state-'), 'state.json');
    const first = await open({ clock, stateFile, tenant: tenant(), limits: false });
    const token = await login(first, 'restart@example.com');
    const port = Number(new URL(first.url).port);
    await first.close();
    running.delete(first);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(saved.refresh_tokens).toEqual([expect.objectContaining({ token, issued_at: clock.now() })]);

    clock.advance(20 * DAY_MS);
    const second = await open({ clock, stateFile, port, tenant: tenant(), limits: false });
    expect((await refresh(second, token)).status).toBe(200);
    clock.advance(10 * DAY_MS);
    expectError(await refresh(second, token), 403, 'invalid_grant', UNKNOWN);
    await second.close();
    running.delete(second);

    // A file written before issued_at: its tokens live 30 days from the start that loads them.
    delete saved.refresh_tokens[0].issued_at;
    writeFileSync(stateFile, JSON.stringify(saved));
    const third = await open({ clock, stateFile, port, tenant: tenant(), limits: false });
    clock.advance(29 * DAY_MS);
    expect((await refresh(third, token)).status).toBe(200);
  });
});

describe('at most 200 per user and client (B-TOKEN-13)', () => {
  it("the 201st login of a user revokes that user's oldest token, and no one else's", async () => {
    const emu = await open({ tenant: tenant(), limits: false });
    const other = await login(emu, 'other@example.com');
    const tokens: string[] = [];
    for (let i = 0; i < 201; i++) tokens.push(await login(emu, 'busy@example.com'));
    expectError(await refresh(emu, tokens[0]!), 403, 'invalid_grant', UNKNOWN);
    expect((await refresh(emu, tokens[1]!)).status).toBe(200);
    expect((await refresh(emu, tokens.at(-1)!)).status).toBe(200);
    expect((await refresh(emu, other)).status).toBe(200);
  });

  it('counts per client: another application of the same user keeps its own 200 (store)', () => {
    const store = new RefreshTokenStore(randomSource('bounds', 'refresh'));
    const web = store.issue(grant('user-1', 'emulator-web'), 0);
    const native = Array.from({ length: REFRESH_TOKENS_PER_USER_AND_CLIENT + 1 }, () => store.issue(grant('user-1'), 0));
    expect(store.find(native[0]!, 0)).toBeUndefined();
    expect(store.find(native[1]!, 0)).toBeDefined();
    expect(store.find(web, 0)).toMatchObject(grant('user-1', 'emulator-web'));
    expect(store.size).toBe(REFRESH_TOKENS_PER_USER_AND_CLIENT + 1);
  });
});

describe('at most 10,000 in all, and the expired ones forgotten unasked (E-MEMORY-2)', () => {
  it('the 10,001st token revokes the oldest of all', () => {
    const store = new RefreshTokenStore(randomSource('bounds', 'refresh'));
    const tokens = Array.from({ length: REFRESH_TOKENS_TOTAL + 1 }, (_, i) => store.issue(grant(`user-${i}`), i));
    expect(store.size).toBe(REFRESH_TOKENS_TOTAL);
    expect(store.find(tokens[0]!, REFRESH_TOKENS_TOTAL)).toBeUndefined();
    expect(store.find(tokens[1]!, REFRESH_TOKENS_TOTAL)).toBeDefined();
  });

  it('issuing a token forgets every expired one, never presented again', () => {
    const store = new RefreshTokenStore(randomSource('bounds', 'refresh'));
    for (let i = 0; i < 1000; i++) store.issue(grant(`user-${i}`), i);
    const lifetime = REFRESH_TOKEN_LIFETIME_SECONDS * 1000;
    store.issue(grant('late'), 500 + lifetime);
    expect(store.size).toBe(500);
    expect(store.list().map(([, stored]) => stored.user_id)[0]).toBe('user-501');
  });

  it('a state file with more than the caps loads within them, the newest kept', () => {
    const store = new RefreshTokenStore(randomSource('bounds', 'refresh'));
    const saved = Array.from({ length: 250 }, (_, i): [string, StoredRefreshGrant] => [`t${i}`, { ...grant('user-1'), issued_at: 1000 - i }]);
    store.replace(saved);
    expect(store.size).toBe(REFRESH_TOKENS_PER_USER_AND_CLIENT);
    expect(store.find('t0', 1000)).toBeDefined();
    expect(store.find('t249', 1000)).toBeUndefined();
  });
});
