/**
 * `--otp-from cmd:'<shell command>'`: runs the command (e.g. a mail catcher's API call) until its
 * output holds a code, with back-off between runs, until the --otp-timeout deadline, which is
 * absolute: a run still going then is killed with all it started (command-run.ts), and the source
 * answers at the deadline. The command learns who the code went to and since when from
 * PWLESS_OTP_TO, PWLESS_OTP_SINCE (ISO 8601) and PWLESS_OTP_SINCE_MS (epoch ms), in an
 * environment of its own (command-env.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { commandEnv } from './command-env.ts';
import { runCommand } from './command-run.ts';
import type { ReadContext } from './read-context.ts';

const BACKOFF_MS = [250, 500, 1000, 2000];

export interface CommandOutcome {
  found: string | undefined;
  /** How the last run ended, for the error when nothing was found: "exit 3: curl: (7) …". */
  lastRun: string;
}

export async function fromCommand(command: string, rc: ReadContext, extract: (text: string) => string | undefined): Promise<CommandOutcome> {
  const deadline = Date.now() + rc.timeoutMs;
  const env = commandEnv(rc.env, rc.passEnv, {
    PWLESS_OTP_TO: rc.identity,
    PWLESS_OTP_SINCE: new Date(rc.sinceMs).toISOString(),
    PWLESS_OTP_SINCE_MS: String(rc.sinceMs),
  });
  let lastRun = 'not run';
  for (let run = 0; Date.now() < deadline; run++) {
    const result = await runCommand(command, env, deadline, rc.signal);
    lastRun = result.status;
    const found = extract(result.stdout);
    if (found !== undefined) return { found, lastRun };
    // The pause ends at the deadline at the latest: the source answers then, not a pause earlier.
    const pause = Math.min(BACKOFF_MS[Math.min(run, BACKOFF_MS.length - 1)] as number, deadline - Date.now());
    if (pause > 0) await sleep(pause, undefined, rc.signal ? { signal: rc.signal } : {});
  }
  return { found: undefined, lastRun };
}
