/**
 * The flags of `pwless token` and its subcommands. Kept apart from their implementation, which is
 * only imported when a subcommand runs.
 */
import type { Command } from 'commander';
import type { Execute } from '../program.ts';

export function defineTokenCommand(program: Command, execute: Execute): void {
  program
    .command('token')
    .description('show, decode, verify, refresh and inspect tokens (not implemented yet)')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      await execute(opts, async () => {
        const { UsageError } = await import('../../core/errors.ts');
        throw new UsageError('`pwless token` is not implemented yet.', { code: 'not_implemented' });
      });
    });
}
