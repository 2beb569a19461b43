/** The flags of `pwless verify`; the implementation loads when it runs. */
import type { Command } from 'commander';
import { codeOptions } from '../../login/flags.ts';
import type { Execute } from '../../task.ts';

export function defineVerifyCommand(verify: Command, execute: Execute): void {
  codeOptions(
    verify
      .option('--email <address>', 'the pending login of this email')
      .option('--phone <e164>', 'the pending login of this phone number')
      .option('--connection <name>', 'connection name, when it is not "email" or "sms"')
      .option('--scope <scope>', 'scope of the token request (default: the one given to start)')
      .option('--audience <api>', 'audience of the token request (default: the one given to start)')
      .option('--link <url|->', 'finish a magic-link login: follow this link (or the one in the message on stdin) without a browser')
      .option(
        '--otp-lifetime <seconds>',
        "how long the tenant's codes live: without --email/--phone, only a login younger than this is taken (env PWLESS_OTP_LIFETIME; default: 300)",
      ),
  ).action(async (_opts, cmd: Command) => {
    const opts = cmd.optsWithGlobals();
    await execute(opts, async (ctx) => (await import('./run.ts')).verify(opts, ctx));
  });
}
