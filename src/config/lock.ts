/**
 * An exclusive lock next to the config file, so that two pwless processes updating it at once
 * (conf's README: concurrent writes from several processes are not supported) do not lose each other's changes. A lock older than
 * STALE_MS is taken to belong to a process that died; waiting is bounded by WAIT_MS.
 */
import { open, stat, unlink } from 'node:fs/promises';
import { ConfigError } from '../core/errors.ts';

const STALE_MS = 10_000;
const WAIT_MS = 5_000;

export async function withLock<T>(lockPath: string, fn: () => Promise<T> | T): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(lockPath)) {
        await removeLock(lockPath);
        continue;
      }
      if (Date.now() > deadline) {
        throw new ConfigError(`The config is locked by another pwless process (${lockPath}).`, {
          code: 'config_locked',
          hint: `If no other pwless is running, delete ${lockPath}.`,
        });
      }
      await new Promise((r) => setTimeout(r, 15 + Math.random() * 35));
    }
  }
  try {
    return await fn();
  } finally {
    await removeLock(lockPath);
  }
}

/**
 * unlink, not fs.promises.rm: rm({ force }) loads Node's recursive-removal code on its first call,
 * 15–17 ms of a whole `start` run (bench/startup.js); a lock is one file. Gone already is fine.
 */
async function removeLock(lockPath: string): Promise<void> {
  try {
    await unlink(lockPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs > STALE_MS;
  } catch {
    return false; // released meanwhile: try again
  }
}
