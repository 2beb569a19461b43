/**
 * An exclusive lock next to the config file, so that two pwless processes updating it at once
 * (conf's README: concurrent writes from several processes are not supported) do not lose each
 * other's changes. The lock file is made with O_CREAT | O_EXCL (open(2), Node's 'wx' flag: only
 * one process can create it) and names its holder (lock-holder.ts). Waiting is bounded by WAIT_MS.
 *
 * A stale lock (its holder is gone, lock-holder.ts; or, when nobody can say, older than STALE_MS)
 * is removed by exactly one of the processes that find it, and only while it is still the lock
 * they judged: each lock is one generation (the random id in it), and removing one takes a second
 * O_EXCL file named after that generation. Between that process's re-reading the lock and its
 * unlink(2), nothing else can replace the file: its holder is gone (so it never releases it), no
 * one can create a lock while a file is there, and no other process can remove this generation.
 * The earlier check-then-unlink let a process that judged a lock stale delete the fresh lock
 * another process had just made in its place, and both wrote.
 */
import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../core/errors.ts';
import { holderGone, parseHolder, pidGone, thisHolder, type LockHolder } from './lock-holder.ts';

/** A lock nobody can ask about (another host's, or a file with no holder in it) is stale after this long. */
const STALE_MS = 10_000;
const WAIT_MS = 5_000;

export async function withLock<T>(lockPath: string, fn: () => Promise<T> | T, { waitMs = WAIT_MS } = {}): Promise<T> {
  const id = randomBytes(16).toString('hex');
  await acquire(lockPath, id, waitMs);
  try {
    return await fn();
  } finally {
    await release(lockPath, id);
  }
}

async function acquire(lockPath: string, id: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  const content = `${JSON.stringify(thisHolder(id))}\n`;
  for (;;) {
    if (await createExclusive(lockPath, content)) return;
    const seen = await snapshot(lockPath);
    if (seen === undefined) continue; // released meanwhile
    if (isStale(seen) && (await removeStale(lockPath, seen))) continue;
    if (Date.now() > deadline) throw locked(lockPath, seen);
    await sleep(15 + Math.random() * 35);
  }
}

/** Only the lock this run made: one taken over from it (a holder on another host judged by age) is not removed. */
async function release(lockPath: string, id: string): Promise<void> {
  const now = await snapshot(lockPath);
  if (now?.holder?.id === id) await removeFile(lockPath);
}

/**
 * Creates the file with its content, or says it exists. A write that fails (ENOSPC on a full disk)
 * removes the file it made: an empty lock would hold every writer back until it is stale.
 */
async function createExclusive(path: string, content: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await removeFile(path);
    throw error;
  }
  return true;
}

/** A lock file as read once: its holder, its age, and the generation it is. */
interface Snapshot {
  holder: LockHolder | undefined;
  /** The bare pid an older pwless wrote, when that is all the file holds. */
  legacyPid: number | undefined;
  mtimeMs: number;
  /** The holder's id (hex); for a file without one, its inode, modification time and size (digits and "-"): part of a file name. */
  generation: string;
}

/** The file read through one descriptor (its text and its inode agree); undefined when it is not there. */
async function snapshot(path: string): Promise<Snapshot | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stats = await handle.stat({ bigint: true });
    const text = await handle.readFile('utf8');
    const holder = parseHolder(text);
    const legacyPid = holder === undefined && /^\d+\n?$/.test(text) ? Number(text) : undefined;
    return { holder, legacyPid, mtimeMs: Number(stats.mtimeMs), generation: holder?.id ?? `${stats.ino}-${stats.mtimeNs}-${stats.size}` };
  } finally {
    await handle.close();
  }
}

function isStale(seen: Snapshot, now = Date.now()): boolean {
  if (seen.holder !== undefined) {
    const gone = holderGone(seen.holder);
    if (gone !== undefined) return gone;
  } else if (seen.legacyPid !== undefined && pidGone(seen.legacyPid)) {
    return true;
  }
  // Nobody to ask (another host's lock, a file cut short, an older pwless's pid that runs, perhaps reused):
  // its age decides, either way, so that a modification time in the future does not hold it forever.
  return Math.abs(now - seen.mtimeMs) > STALE_MS;
}

/**
 * Removes the stale lock `seen` if it is still there, as the one process that holds its removal
 * file; says whether it got to try (false: another process is removing it). A removal file left by
 * a process that died holding it is stale in turn, and is removed the same way.
 */
async function removeStale(path: string, seen: Snapshot): Promise<boolean> {
  const removal = `${path}.stale-${seen.generation}`;
  if (!(await createExclusive(removal, `${JSON.stringify(thisHolder(randomBytes(16).toString('hex')))}\n`))) {
    const other = await snapshot(removal);
    if (other !== undefined && isStale(other)) await removeStale(removal, other);
    return false;
  }
  try {
    if ((await snapshot(path))?.generation === seen.generation) await removeFile(path);
  } finally {
    await removeFile(removal);
  }
  return true;
}

function locked(lockPath: string, seen: Snapshot): ConfigError {
  const holder = seen.holder !== undefined && holderGone(seen.holder) === false ? seen.holder : undefined;
  if (holder !== undefined) {
    return new ConfigError(`The config is locked by another pwless process (pid ${holder.pid}, still running): ${lockPath}.`, {
      code: 'config_locked',
      hint: `Wait for it to finish, or stop it (kill ${holder.pid}): the lock of a process that is gone is taken over at once.`,
    });
  }
  return new ConfigError(`The config is locked by another pwless process (${lockPath}).`, {
    code: 'config_locked',
    hint: `If no other pwless is running, delete ${lockPath}.`,
  });
}

/**
 * unlink, not fs.promises.rm: rm({ force }) loads Node's recursive-removal code on its first call,
 * 15–17 ms of a whole `start` run (bench/startup.js); a lock is one file. Gone already is fine.
 */
async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
