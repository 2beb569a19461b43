/**
 * `--otp-from cmd:'<shell command>'`: runs the command (e.g. a mail catcher's API call) until its
 * output holds a code, with back-off between runs, until --otp-timeout. The command learns who
 * the code went to and since when from PWLESS_OTP_TO, PWLESS_OTP_SINCE (ISO 8601) and
 * PWLESS_OTP_SINCE_MS (epoch ms).
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadContext } from './read.ts';

const BACKOFF_MS = [250, 500, 1000, 2000];
const MAX_OUTPUT = 256 * 1024;

export async function fromCommand(command: string, rc: ReadContext, extract: (text: string) => string | undefined): Promise<string | undefined> {
  const deadline = Date.now() + rc.timeoutMs;
  const env = { ...rc.env, PWLESS_OTP_TO: rc.identity, PWLESS_OTP_SINCE: new Date(rc.sinceMs).toISOString(), PWLESS_OTP_SINCE_MS: String(rc.sinceMs) };
  for (let run = 0; ; run++) {
    const output = await runOnce(command, env, Math.max(1, deadline - Date.now()), rc.signal);
    const code = extract(output);
    if (code !== undefined) return code;
    const pause = BACKOFF_MS[Math.min(run, BACKOFF_MS.length - 1)] as number;
    if (Date.now() + pause >= deadline) return undefined;
    await sleep(pause, undefined, rc.signal ? { signal: rc.signal } : {});
  }
}

/** stdout of one run; the run is killed when the time left is up. */
function runOnce(command: string, env: NodeJS.ProcessEnv, timeLeftMs: number, signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, env, stdio: ['ignore', 'pipe', 'ignore'], timeout: timeLeftMs, killSignal: 'SIGKILL', ...(signal ? { signal } : {}) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
    });
    child.on('error', (error) => (error.name === 'AbortError' ? reject(signal?.reason ?? error) : resolve(output)));
    child.on('close', () => resolve(output));
  });
}
