/**
 * `--otp-from cmd:'<shell command>'`: runs the command (e.g. a mail catcher's API call) until its
 * output holds a code, with back-off between runs, until --otp-timeout. The command learns who
 * the code went to and since when from PWLESS_OTP_TO, PWLESS_OTP_SINCE (ISO 8601) and
 * PWLESS_OTP_SINCE_MS (epoch ms).
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadContext } from './read-context.ts';

const BACKOFF_MS = [250, 500, 1000, 2000];
const MAX_OUTPUT = 256 * 1024;
const MAX_STDERR = 2048;

export interface CommandOutcome {
  found: string | undefined;
  /** How the last run ended, for the error when nothing was found: "exit 3: curl: (7) …". */
  lastRun: string;
}

export async function fromCommand(command: string, rc: ReadContext, extract: (text: string) => string | undefined): Promise<CommandOutcome> {
  const deadline = Date.now() + rc.timeoutMs;
  const env = { ...rc.env, PWLESS_OTP_TO: rc.identity, PWLESS_OTP_SINCE: new Date(rc.sinceMs).toISOString(), PWLESS_OTP_SINCE_MS: String(rc.sinceMs) };
  for (let run = 0; ; run++) {
    const result = await runOnce(command, env, Math.max(1, deadline - Date.now()), rc.signal);
    const found = extract(result.stdout);
    if (found !== undefined) return { found, lastRun: result.status };
    const pause = BACKOFF_MS[Math.min(run, BACKOFF_MS.length - 1)] as number;
    if (Date.now() + pause >= deadline) return { found: undefined, lastRun: result.status };
    await sleep(pause, undefined, rc.signal ? { signal: rc.signal } : {});
  }
}

interface RunResult {
  stdout: string;
  status: string;
}

/** One run: its stdout, and how it ended with the last line of its stderr; killed when the time left is up. */
function runOnce(command: string, env: NodeJS.ProcessEnv, timeLeftMs: number, signal: AbortSignal | undefined): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      shell: true,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeLeftMs,
      killSignal: 'SIGKILL',
      ...(signal ? { signal } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_STDERR);
    });
    child.on('error', (error) => (error.name === 'AbortError' ? reject(signal?.reason ?? error) : resolve({ stdout, status: error.message })));
    child.on('close', (code, signalName) => {
      const lastLine = stderr.trim().split('\n').at(-1);
      const how = signalName ? 'killed at the deadline' : code === 0 ? 'exit 0, no code in its output' : `exit ${code}`;
      resolve({ stdout, status: lastLine ? `${how}: ${lastLine}` : how });
    });
  });
}
