/** The flags of `pwless pending` and `pending clear`; the implementation loads when it runs. */
import type { Command } from 'commander';
import type { Execute } from '../../task.ts';

const LIFETIME = "how long the tenant's codes live, in seconds (env PWLESS_OTP_LIFETIME; default: 300)";

export function definePendingCommand(pending: Command, execute: Execute): void {
  pending.option('--otp-lifetime <seconds>', LIFETIME).action(async (_opts, cmd: Command) => {
    const opts = cmd.optsWithGlobals();
    await execute(opts, async (ctx) => (await import('./list.ts')).pendingList(opts, ctx));
  });

  pending
    .command('clear')
    .description('forget the pending logins whose code is past its lifetime (--all: every one)')
    .option('--all', 'forget every pending login')
    .option('--otp-lifetime <seconds>', LIFETIME)
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      await execute(opts, async (ctx) => (await import('./clear.ts')).pendingClear(opts, ctx));
    });
}
