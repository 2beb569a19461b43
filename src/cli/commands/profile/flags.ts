/** The flags of `pwless profile` and its subcommands; each implementation loads when it runs. */
import { Option, type Command } from 'commander';
import { APP_TYPES } from '../../../config/profile.ts';
import { collectAuthParam } from '../../login/auth-params.ts';
import type { Execute } from '../../task.ts';
import { withValues } from '../../completion/values.ts';

export function defineProfileCommands(profile: Command, execute: Execute): void {
  profile
    .command('add <name>')
    .description('add a profile (from flags, from AUTH0_* variables with --from-env, or a wizard on a terminal)')
    .addOption(
      withValues(new Option('--type <type>', 'application type: native | regular_web | spa (default: native, or regular_web with a secret)'), APP_TYPES),
    )
    .option('--client-secret-file <path|->', 'keep this secret in the config file (plaintext, 0600)')
    .option('--secret-ref <ref>', 'keep a reference to the secret instead: env:VAR or file:PATH (read at run time)')
    .option('--connection <name>', 'default connection name')
    .option('--email <address>', 'default email to log in')
    .option('--phone <e164>', 'default phone number to log in')
    .option('--scope <scope>', 'default scope')
    .option('--audience <api>', 'default audience')
    .option('--redirect-uri <url>', 'default redirect_uri for magic links')
    .option('--forwarded-for <ip>', 'default auth0-forwarded-for')
    .option('--language <tag>', 'default message language')
    .option('--auth-param <key=value>', 'default authParams entry (repeatable)', collectAuthParam)
    .option('--from-env', 'read AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (kept as env:AUTH0_CLIENT_SECRET)')
    .option('--default', 'make it the default profile')
    .option('--force', 'replace a profile of the same name')
    .action(async (name: string, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      await execute(opts, async (ctx) => (await import('./add.ts')).profileAdd(name, opts, ctx));
    });

  profile
    .command('list')
    .description('list the profiles (* marks the default)')
    .action(async (_opts, cmd: Command) => {
      await execute(cmd.optsWithGlobals(), async (ctx) => (await import('./list.ts')).profileList(ctx));
    });

  profile
    .command('show [name]')
    .description('show a profile (the secret only as •••• and its last 4 characters)')
    .option('--resolved', 'show the settings in force and where each comes from (same as `pwless config`)')
    .action(async (name: string | undefined, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      await execute(opts, async (ctx) => (await import('./show.ts')).profileShow(name, opts, ctx));
    });

  profile
    .command('use <name>')
    .description('make a profile the default')
    .action(async (name: string, _opts, cmd: Command) => {
      await execute(cmd.optsWithGlobals(), async (ctx) => (await import('./use.ts')).profileUse(name, ctx));
    });

  profile
    .command('remove <name>')
    .description('remove a profile and its saved tokens (asks first on a terminal)')
    .option('-y, --yes', 'do not ask')
    .action(async (name: string, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      await execute(opts, async (ctx) => (await import('./remove.ts')).profileRemove(name, opts, ctx));
    });

  profile
    .command('rename <old> <new>')
    .description('rename a profile')
    .action(async (from: string, to: string, _opts, cmd: Command) => {
      await execute(cmd.optsWithGlobals(), async (ctx) => (await import('./rename.ts')).profileRename(from, to, ctx));
    });
}
