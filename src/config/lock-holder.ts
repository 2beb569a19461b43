/**
 * Who holds a lock file, and whether it still can. A lock file names its holder: the pid, the
 * moment that process started, and the host. A holder is gone when no process has that pid
 * (kill(pid, 0) fails with ESRCH: https://man7.org/linux/man-pages/man2/kill.2.html), when the
 * process is a zombie (it has exited; only its exit status waits for its parent), or when the
 * process with that pid started at another moment (the pid was reused). The start time is field
 * 22 of /proc/<pid>/stat, in clock ticks since boot (proc_pid_stat(5):
 * https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html); where there is no /proc, the pid
 * alone decides. A holder on another host (a config dir on a network file system) cannot be
 * asked: its lock is judged by its age, as before.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockHolder {
  pid: number;
  /** Field 22 of /proc/<pid>/stat, when there is a /proc. */
  started: string | undefined;
  host: string;
  /** Random, one per lock taken: tells this lock from any later one at the same path. */
  id: string;
}

interface ProcState {
  state: string;
  started: string;
}

/** The state and start time of a process from /proc/<pid>/stat; undefined when it cannot be read. */
function procState(pid: number | 'self'): ProcState | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2, the command name, is in parentheses and may hold spaces and ")": the fields after it start after the last ")".
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const started = fields[19];
  return state !== undefined && started !== undefined ? { state, started } : undefined;
}

/** This process, as a lock holder. */
export function thisHolder(id: string): LockHolder {
  return { pid: process.pid, started: procState('self')?.started, host: hostname(), id };
}

/** The holder a lock file names, or undefined when its text is not one (empty, cut short, an older pwless's bare pid). */
export function parseHolder(text: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    // The id becomes part of a file name (lock.ts): hex only, whatever a hand-made file says.
    if (!Number.isInteger(parsed.pid) || typeof parsed.host !== 'string' || typeof parsed.id !== 'string' || !/^[0-9a-f]{32}$/.test(parsed.id))
      return undefined;
    return { pid: parsed.pid as number, started: typeof parsed.started === 'string' ? parsed.started : undefined, host: parsed.host, id: parsed.id };
  } catch {
    return undefined;
  }
}

/** Whether the holder is gone for sure; undefined when this host cannot tell (it is another host's). */
export function holderGone(holder: Pick<LockHolder, 'pid' | 'started' | 'host'>): boolean | undefined {
  if (holder.host !== hostname()) return undefined;
  return pidGone(holder.pid, holder.started);
}

/** Whether no running process has this pid (and, when known, this start time). */
export function pidGone(pid: number, started?: string): boolean {
  // No process has a pid outside 1…2^31-1 (a hand-made file's, or a torn one's): kill(2) could not even be asked.
  if (!Number.isInteger(pid) || pid <= 0 || pid > 0x7fffffff) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  const now = procState(pid);
  if (now === undefined) return false;
  return now.state === 'Z' || (started !== undefined && now.started !== started);
}
