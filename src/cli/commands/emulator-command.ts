/**
 * The flags of `pwless emulator`. Kept apart from its implementation (emulator.ts), which is only
 * imported when the command runs, so that `pwless --help` loads none of the emulator.
 */
import { Option, type Command } from 'commander';
import type { Execute } from '../program.ts';

export function defineEmulatorCommand(program: Command, execute: Execute): void {
  program
    .command('emulator')
    .description('run the local emulator of the passwordless endpoints (a test double: never for production)')
    .option('--port <port>', 'port to listen on; 0 picks a free one', '4010')
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .option('--seed <seed>', 'make codes and ids repeatable')
    .option('--key <file>', 'RS256 signing key, PEM or JWK (default: a new key per run)')
    .option('--otp-length <digits>', 'length of the codes', '6')
    .option('--otp-ttl <seconds>', 'lifetime of the codes', '300')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      await execute(opts, async (ctx) => (await import('./emulator.ts')).emulator(opts, ctx));
    });
}
