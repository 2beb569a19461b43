/** Lock files for the lock tests: planted with a holder (or an older pwless's bare pid) and an age. */
import { spawnSync } from 'node:child_process';
import { utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The pid of a process that has exited (and been reaped by spawnSync). */
export function deadPid(): number {
  return spawnSync('true').pid as number;
}

/** The id the planted holders have (lock.ts names a removal file after it). */
export const PLANTED_ID = 'ab'.repeat(16);

/** A lock file's text naming a holder; `started` is its start time (field 22 of /proc/<pid>/stat), unknown when left out. */
export function holderText(pid: number, { host = hostname(), started, id = PLANTED_ID }: { host?: string; started?: string; id?: string } = {}): string {
  return `${JSON.stringify({ pid, started, host, id })}\n`;
}

/** Writes `dir`/config.json.lock with a modification time `ageMs` ago (negative: ahead); returns its path. */
export function plantLock(dir: string, content: string, ageMs: number): string {
  const lock = join(dir, 'config.json.lock');
  writeFileSync(lock, content);
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(lock, when, when);
  return lock;
}
