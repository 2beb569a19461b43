/** Errors that say what matters, profiles that say when there is no default, hints that match the cause (issue "Everyday use, polished"). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSession, runCli } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

describe('errors that say what matters', () => {
  it('a usage error in JSON has no "error: " prefix', async () => {
    const run = await runCli(['start', '--no-such-flag', '--json']);
    expect(run.code).toBe(2);
    const { error } = JSON.parse(run.stdout);
    expect(error.code).toBe('invalid_usage');
    expect(error.description).toBe("unknown option '--no-such-flag'");
  });

  it('a public client sent a secret: the hint says to unset PWLESS_CLIENT_SECRET', async () => {
    const run = await runCli(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'pub@example.com', '--otp', '1', '--json'], {
      env: { PWLESS_CLIENT_SECRET: 'not-for-public-clients' },
    });
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout).error.hint).toContain('Unset PWLESS_CLIENT_SECRET');
  });

  it("after the emulator's clock moved, a failed iat names the emulator's clock and --leeway", async () => {
    const moved = await spawnEmulator();
    try {
      expect(
        (
          await fetch(`${moved.url}/__emulator/clock`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ advance_seconds: 3600 }),
          })
        ).status,
      ).toBe(200);
      const run = await runCli([
        'start',
        '--domain',
        moved.url,
        '--client-id',
        'emulator-native',
        '--email',
        'later@example.com',
        '--otp-from',
        'emulator',
        '--json',
        '--no-save',
      ]);
      expect(run.code).toBe(8);
      const { error } = JSON.parse(run.stdout);
      expect(error.code).toBe('iat');
      expect(error.hint).toContain('POST /__emulator/clock');
      expect(error.hint).toContain('--leeway');
    } finally {
      await moved.stop();
    }
  });
});

describe('profiles and the default', () => {
  it('removing the default says there is none now and how to pick one; the legend follows', async () => {
    const { run } = configSession();
    await run(['profile', 'add', 'a', '--domain', 'a.auth0.com', '--client-id', 'ca']);
    await run(['profile', 'add', 'b', '--domain', 'b.auth0.com', '--client-id', 'cb']);
    expect((await run(['profile', 'list'])).stdout).toContain('* the default profile');
    const removed = await run(['profile', 'remove', 'a', '--yes', '--json']);
    expect(JSON.parse(removed.stdout)).toMatchObject({ ok: true, removed: 'a', was_default: true });
    expect(removed.stderr).toContain('warning: a was the default profile; there is no default now. Pick one with `pwless profile use <name>` (b).');
    const list = (await run(['profile', 'list'])).stdout;
    expect(list).not.toContain('* the default profile');
    expect(list).not.toMatch(/^\* /m);
    expect(list).toContain('No default profile');
  });
});
