/**
 * One run of a `--otp-from cmd:` command, bounded by the source's absolute deadline and by Ctrl-C.
 * The command runs through `sh -c` in a process group of its own (spawn's `detached`: "the child
 * process will be made the leader of a new process group and session",
 * https://nodejs.org/api/child_process.html#optionsdetached), so that everything it started can
 * be signalled at once: kill(2) with a negative pid "is sent to every process in the process group"
 * (https://man7.org/linux/man-pages/man2/kill.2.html). Killing `sh` alone left its children
 * running, holding stdout open, and pwless waited for them past the deadline.
 *  - At the deadline the run ends there and then: the group is killed and what it printed is not
 *    read (a code that comes late would be sent, spending one of the code's tries).
 *  - On abort (Ctrl-C) the group is killed before the run rejects.
 *  - When `sh` exits, what it left running in the background is killed too: a run is over when
 *    the command is, and nothing of it outlives pwless.
 *  - If pwless itself ends meanwhile (SIGTERM, SIGHUP, `process.exit`, an uncaught error), main.ts
 *    kills the groups still running (live-commands.ts).
 * Windows has no process groups: there only the command's own process is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { trackCommand } from './live-commands.ts';

const MAX_OUTPUT = 256 * 1024;
const MAX_STDERR = 2048;
const OWN_GROUP = process.platform !== 'win32';

export interface RunResult {
  /** What it printed on stdout; empty when the run was killed at the deadline. */
  stdout: string;
  /** How it ended, with the last line of its stderr: "exit 3: curl: (7) …", "killed at the deadline". */
  status: string;
}

export function runCommand(command: string, env: NodeJS.ProcessEnv, deadline: number, signal: AbortSignal | undefined): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const child = spawn(command, { shell: true, env, stdio: ['ignore', 'pipe', 'pipe'], detached: OWN_GROUP });
    let stdout = '';
    let stderr = '';
    let settled = false;
    let exited = false;
    // Once `sh` has exited its group was killed then (below); signalling that id again, after the group is
    // gone, could reach a new group that was given the same number.
    const untrack = trackCommand(() => {
      if (!exited) killGroup(child);
    });
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      untrack();
      if (!exited) killGroup(child);
      outcome();
    };
    const onAbort = () => settle(() => reject(signal?.reason));
    const timer = setTimeout(() => settle(() => resolve({ stdout: '', status: 'killed at the deadline' })), Math.max(0, deadline - Date.now()));
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_STDERR);
    });
    child.on('error', (error) => settle(() => resolve({ stdout, status: error.message })));
    // `sh` is done: what it left in the background would hold stdout open, and is not wanted.
    child.on('exit', () => {
      exited = true;
      untrack();
      killGroup(child);
    });
    child.on('close', (code, signalName) => {
      const lastLine = stderr.trim().split('\n').at(-1);
      const how = signalName ? `killed by ${signalName}` : code === 0 ? 'exit 0, no code in its output' : `exit ${code}`;
      settle(() => resolve({ stdout, status: lastLine ? `${how}: ${lastLine}` : how }));
    });
  });
}

/**
 * SIGKILL to the command's group (or to the command alone on Windows). The group id is the pid of
 * `sh`; Linux does not hand that number to a new process while the group still has members (a pid
 * stays in use as long as a process group refers to it), so the signal reaches only what the
 * command started. It fails with ESRCH when nothing of the group is left, and with EPERM when all
 * that is left runs as another user (a setuid program): neither can be helped here.
 */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (OWN_GROUP) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // ESRCH or EPERM, see above.
  }
}
