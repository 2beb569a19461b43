/** The flags of `pwless demo`; the implementation (and the emulator it starts) loads when it runs. */
import type { Command } from 'commander';
import type { Execute } from '../../task.ts';

export function defineDemoCommand(demo: Command, execute: Execute): void {
  demo.option('--show-tokens', 'print the tokens in full').action(async (_opts, cmd: Command) => {
    const opts = cmd.optsWithGlobals();
    await execute(opts, async (ctx) => (await import('./run.ts')).demo({}, ctx));
  });
}
