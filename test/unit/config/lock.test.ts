/**
 * The config lock (src/config/lock.ts): a lock whose holder is gone is taken over at once, whatever
 * its modification time (issue 22: a lock left by `kill -9` held writers back ~10 s, one dated in
 * the future for ever); a holder that runs is waited for, then named; a lock nobody can ask about
 * is judged by its age; a failed write of the lock removes the file it made. One holder at a time
 * under contention: lock-contention.test.ts.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { withLock } from '../../../src/config/lock.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { deadPid, holderText, PLANTED_ID, plantLock } from './lock-files.ts';

// The full-disk test makes the write of a lock fail as write(2) does on a full file system (ENOSPC); the rest use the real calls.
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args) => {
    const handle = await real.open(...args);
    if (disk.full && args[1] === 'wx') {
      handle.writeFile = async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      };
    }
    return handle;
  };
  return { ...real, open };
});

describe('withLock', () => {
  it.each([
    ['a modification time of now', 0],
    ['a modification time an hour ahead', -3_600_000],
  ])('takes over at once the lock of a holder that is gone, with %s', async (_what, ageMs) => {
    const dir = tempDir('pwless-lock-');
    const lock = plantLock(dir, holderText(deadPid()), ageMs);
    expect(await withLock(lock, () => 'in', { waitMs: 200 })).toBe('in');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over at once the lock of a pid that now belongs to a process started at another moment (a reused pid)', async () => {
    const dir = tempDir('pwless-lock-');
    const lock = plantLock(dir, holderText(process.pid, { started: '1' }), 0);
    expect(await withLock(lock, () => 'in', { waitMs: 200 })).toBe('in');
  });

  it.each([
    ['whose process is gone', () => `${deadPid()}\n`],
    ['naming a pid no process can have', () => '99999999999\n'],
  ])("takes over at once an older pwless's lock (a bare pid) %s", async (_what, content) => {
    const dir = tempDir('pwless-lock-');
    const lock = plantLock(dir, content(), 0);
    expect(await withLock(lock, () => 'in', { waitMs: 200 })).toBe('in');
  });

  it('waits for a holder that runs, then fails naming it (config_locked)', async () => {
    const dir = tempDir('pwless-lock-');
    const lock = plantLock(dir, holderText(process.pid), 3_600_000);
    const error = (await withLock(lock, () => 'in', { waitMs: 100 }).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('config_locked');
    expect(error.message).toBe(`The config is locked by another pwless process (pid ${process.pid}, still running): ${lock}.`);
    expect(error.hint).toBe(`Wait for it to finish, or stop it (kill ${process.pid}): the lock of a process that is gone is taken over at once.`);
    expect(readdirSync(dir)).toEqual(['config.json.lock']);
  });

  it("judges another host's lock by its age: a fresh one holds, an old one is taken over", async () => {
    const dir = tempDir('pwless-lock-');
    const fresh = plantLock(dir, holderText(process.pid, { host: 'another-host.example' }), 0);
    const error = (await withLock(fresh, () => 'in', { waitMs: 100 }).catch((e: unknown) => e)) as ConfigError;
    expect(error.message).toBe(`The config is locked by another pwless process (${fresh}).`);
    expect(error.hint).toBe(`If no other pwless is running, delete ${fresh}.`);
    const old = plantLock(dir, holderText(process.pid, { host: 'another-host.example' }), 60_000);
    expect(await withLock(old, () => 'in', { waitMs: 200 })).toBe('in');
  });

  it('is not held back by the removal file of a process that died removing a stale lock', async () => {
    const dir = tempDir('pwless-lock-');
    const lock = plantLock(dir, holderText(deadPid()), 0);
    writeFileSync(`${lock}.stale-${PLANTED_ID}`, holderText(deadPid(), { id: 'cd'.repeat(16) }));
    expect(await withLock(lock, () => 'in', { waitMs: 500 })).toBe('in');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the lock file it made when writing it fails (a full disk), and runs nothing', async () => {
    const dir = tempDir('pwless-lock-');
    const ran = vi.fn();
    disk.full = true;
    try {
      const error = (await withLock(`${dir}/config.json.lock`, ran).catch((e: unknown) => e)) as NodeJS.ErrnoException;
      expect(error.code).toBe('ENOSPC');
    } finally {
      disk.full = false;
    }
    expect(ran).not.toHaveBeenCalled();
    expect(readdirSync(dir)).toEqual([]);
  });
});
