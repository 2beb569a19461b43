/**
 * The `--otp-from cmd:` commands running now, each as the function that ends its process group
 * (command-run.ts). A run ends its own command at its deadline, on Ctrl-C or when `sh` exits; this
 * is for the ways pwless itself ends without that: main.ts kills what is left here on SIGTERM and
 * SIGHUP (whose default action ends the process at once, leaving the group running) and on 'exit'
 * (`process.exit` on EPIPE, an uncaught error). Kept free of imports: main.ts loads it on every run.
 */
const live = new Set<() => void>();

/** Records a running command by the function that kills its group; returns the function that forgets it. */
export function trackCommand(kill: () => void): () => void {
  live.add(kill);
  return () => live.delete(kill);
}

/** Kills every command still running, synchronously (kill(2)): safe in an 'exit' handler. */
export function killLiveCommands(): void {
  for (const kill of live) kill();
  live.clear();
}
