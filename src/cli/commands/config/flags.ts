/** The flags of `pwless config`; the implementation loads when it runs. */
import type { Command } from 'commander';
import type { Execute } from '../../task.ts';

export function defineConfigCommand(program: Command, execute: Execute): void {
  program
    .command('config')
    .description('show the settings in force and where each comes from (flags > PWLESS_* > profile > defaults)')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      await execute(opts, async (ctx) => (await import('./run.ts')).configShow(opts, ctx));
    });
}
