/** The flags of `pwless config`; the implementation loads when it runs. */
import type { Command } from 'commander';
import type { Execute } from '../../task.ts';

export function defineConfigCommand(config: Command, execute: Execute): void {
  config.action(async (_opts, cmd: Command) => {
    const opts = cmd.optsWithGlobals();
    await execute(opts, async (ctx) => (await import('./run.ts')).configShow(opts, ctx));
  });
}
