/** `pwless pending` and how verify picks a pending login: the newest whose code can still be valid, never an old void one. */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSession } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator(['--no-limits']);
});
afterAll(async () => {
  await emu?.stop();
});

const target = () => ['--domain', emu.url, '--client-id', 'emulator-native'];
const latestCode = async (to: string) => (await outbox(emu.url, to))[0]?.code as string;

/** Moves a pending login's send time into the past, as the user's own config file may hold. */
function backdate(file: string, identity: string, minutes: number): void {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  for (const entry of Object.values(data.pending) as { identity: string; created_at: string }[]) {
    if (entry.identity === identity) entry.created_at = new Date(Date.parse(entry.created_at) - minutes * 60_000).toISOString();
  }
  writeFileSync(file, JSON.stringify(data));
}

describe('pwless pending', () => {
  it('lists the waiting logins newest first, with their age and whether the code can still be valid', async () => {
    const { run, file } = configSession();
    expect((await run(['pending'])).stdout).toContain('No pending logins.');
    await run(['start', ...target(), '--email', 'old@example.com', '--no-wait']);
    await run(['start', ...target(), '--email', 'new@example.com', '--no-wait']);
    backdate(file, 'old@example.com', 10);
    const human = await run(['pending']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/new@example\.com .*code may still be valid\n.*old@example\.com .*10m ago +code expired/s);
    const doc = JSON.parse((await run(['pending', '--json'])).stdout);
    expect(doc.otp_lifetime).toBe(300);
    expect(doc.pending.map((p: { identity: string; may_be_live: boolean }) => [p.identity, p.may_be_live])).toEqual([
      ['new@example.com', true],
      ['old@example.com', false],
    ]);
    expect(doc.pending[1].age_seconds).toBeGreaterThanOrEqual(600);
    // With a tenant whose codes live longer, the old one is live too.
    expect(JSON.parse((await run(['pending', '--json', '--otp-lifetime', '3600'])).stdout).pending[1].may_be_live).toBe(true);
  });

  it('clear forgets the void ones, clear --all every one', async () => {
    const { run, file } = configSession();
    await run(['start', ...target(), '--email', 'void@example.com', '--no-wait']);
    await run(['start', ...target(), '--email', 'live@example.com', '--no-wait']);
    backdate(file, 'void@example.com', 10);
    const clear = await run(['pending', 'clear']);
    expect(clear.stdout).toContain('Forgot 1 pending login whose code is past its lifetime (300 s).');
    expect(JSON.parse((await run(['pending', '--json'])).stdout).pending.map((p: { identity: string }) => p.identity)).toEqual(['live@example.com']);
    expect(JSON.parse((await run(['pending', 'clear', '--all', '--json'])).stdout)).toMatchObject({ ok: true, cleared: 1 });
    expect((await run(['pending'])).stdout).toContain('No pending logins.');
  });
});

describe('verify picks a login that can still be finished', () => {
  it('takes the newest live one, never an old void one, and says so', async () => {
    const { run, file } = configSession();
    await run(['start', ...target(), '--email', 'first@example.com', '--no-wait']);
    await run(['start', ...target(), '--email', 'second@example.com', '--no-wait']);
    // The newest one is now old: its code is void. The other is still live.
    backdate(file, 'second@example.com', 30);
    const verify = await run(['verify', '--otp', await latestCode('first@example.com'), '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).claims.id_token.email).toBe('first@example.com');
    expect(verify.stderr).toContain('Took the newest pending login whose code can still be valid; 1 other is waiting');
  });

  it('never takes a login whose code is out of tries, nor a link login for a code', async () => {
    const { run } = configSession();
    await run(['start', ...target(), '--email', 'usable@example.com', '--no-wait']);
    await run(['start', ...target(), '--email', 'spent@example.com', '--no-wait']);
    for (const wrong of ['000001', '000002']) await run(['verify', '--email', 'spent@example.com', '--otp', wrong]);
    const third = await run(['verify', '--email', 'spent@example.com', '--otp', '000003']);
    expect(third.code).toBe(6);
    expect(third.stderr).toContain('attempts left: none: that was the last try, the code is now void (3 wrong codes)');
    await run(['start', ...target(), '--email', 'link@example.com', '--send', 'link', '--no-wait']);
    const pending = JSON.parse((await run(['pending', '--json'])).stdout).pending as { identity: string; may_be_live: boolean }[];
    expect(pending.find((p) => p.identity === 'spent@example.com')?.may_be_live).toBe(false);
    // The newest is a link login and the next one is out of tries: the code goes to the one that can take it.
    const verify = await run(['verify', '--otp', await latestCode('usable@example.com'), '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).claims.id_token.email).toBe('usable@example.com');
  });

  it('refuses when every pending login is void, and names a selector', async () => {
    const { run, file } = configSession();
    await run(['start', ...target(), '--email', 'stale@example.com', '--no-wait']);
    backdate(file, 'stale@example.com', 30);
    const verify = await run(['verify', '--otp', '123456', '--json']);
    expect(verify.code).toBe(6);
    expect(JSON.parse(verify.stdout).error).toMatchObject({
      code: 'no_live_pending_login',
      reason: 'expired',
      status: null,
      description: 'The pending login here is older than a code lives (300 s) or out of tries: its code is void.',
    });
    // Named, it is taken all the same, with a warning.
    const named = await run(['verify', '--email', 'stale@example.com', '--otp', '123456']);
    expect(named.stderr).toContain('longer than a code lives (300 s, --otp-lifetime), or its code is out of tries: it has probably expired.');
  });

  it('a code source that times out leaves the login pending, and says how to finish it', async () => {
    const { run } = configSession();
    const start = await run(['start', ...target(), '--email', 'slow@example.com', '--otp-from', 'cmd:true', '--otp-timeout', '1', '--json']);
    expect(start.code).toBe(4);
    const { error } = JSON.parse(start.stdout);
    expect(error.code).toBe('otp_timeout');
    expect(error.hint).toContain('The login is still pending: finish it with `pwless verify --email slow@example.com --otp <code>`');
    expect(JSON.parse((await run(['pending', '--json'])).stdout).pending[0]).toMatchObject({ identity: 'slow@example.com', may_be_live: true });
    const verify = await run(['verify', '--otp', await latestCode('slow@example.com')]);
    expect(verify.code).toBe(0);
    expect((await run(['pending'])).stdout).toContain('No pending logins.');
  });
});
