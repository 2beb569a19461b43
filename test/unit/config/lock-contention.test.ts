/**
 * One holder of the config lock at a time, also when many lockers meet a stale lock at once
 * (issue 22: with an old lock planted, 16 `pwless profile add` all exited 0 and 12 profiles were
 * on disk: the stale check followed by unlink() let a locker remove the fresh lock another had
 * just made). Here the lockers run in one process, on libuv's thread pool, and every call of the
 * file system that lock.ts makes is delayed by a random 0–3 ms, as a loaded machine or a network
 * file system would: the interleavings then vary from run to run instead of queueing in order.
 * The 25 rounds run side by side, each on a lock of its own. Real processes: test/e2e/config-lock.test.ts.
 */
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { withLock } from '../../../src/config/lock.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { deadPid, plantLock } from './lock-files.ts';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const jittered =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await sleep(Math.random() * 3);
      return call(...args);
    };
  // A file handle's calls too (lock.ts reads a lock through one descriptor).
  const open = jittered(async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    for (const name of ['stat', 'readFile', 'writeFile', 'close'] as const) {
      const call = handle[name].bind(handle) as (...a: unknown[]) => Promise<unknown>;
      (handle as unknown as Record<string, unknown>)[name] = jittered(call);
    }
    return handle;
  });
  return { ...real, open, stat: jittered(real.stat), unlink: jittered(real.unlink) };
});

/** Runs `lockers` at once; each notes how many are inside with it, yielding to the others while in. */
async function contend(lock: string, lockers: number): Promise<number> {
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: lockers }, () =>
      withLock(
        lock,
        async () => {
          inside++;
          most = Math.max(most, inside);
          await sleep(1);
          inside--;
        },
        // 400 lockers share one thread pool here: more time than the 5 s a process waits.
        { waitMs: 30_000 },
      ),
    ),
  );
  return most;
}

describe('the config lock under contention', () => {
  it.each([
    ['meet a stale lock (an older pwless’s, its process gone)', () => `${deadPid()}\n`, 3_600_000],
    ['wait for a lock that turns stale (its pid runs, perhaps reused: its age decides)', () => `${process.pid}\n`, 10_000 - 150],
  ])('lets one of 16 lockers in at a time when they %s, 25 rounds', { timeout: 60_000 }, async (_what, content, ageMs) => {
    // The rounds run side by side, each on a lock of its own: 25 rounds take about as long as one.
    const dirs = Array.from({ length: 25 }, () => tempDir('pwless-lock-'));
    const most = await Promise.all(dirs.map((dir) => contend(plantLock(dir, content(), ageMs), 16)));
    expect(most).toEqual(Array(25).fill(1));
    for (const dir of dirs) expect(readdirSync(dir)).toEqual([]);
  });
});
