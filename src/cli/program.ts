/**
 * The commander tree: global flags, one subcommand per module, each loaded lazily so that
 * `--help` and `--version` import none of jose, undici or inquirer, the slow imports.
 */
import { Command } from 'commander';
import { VERSION } from '../core/version.ts';
import { DEFAULT_TIMEOUT_SECONDS } from './context.ts';
import { applyCommandHelp } from './help/command-help.ts';
import { helpConfiguration } from './help/configuration.ts';
import type { Execute } from './task.ts';
import { defineCompletionCommands } from './commands/completion/flags.ts';
import { defineEmulatorCommand } from './commands/emulator/flags.ts';
import { defineTokenCommand } from './commands/token/flags.ts';
import { defineStartCommand } from './commands/start/flags.ts';
import { defineVerifyCommand } from './commands/verify/flags.ts';
import { defineProfileCommands } from './commands/profile/flags.ts';
import { defineConfigCommand } from './commands/config/flags.ts';
import { definePendingCommand } from './commands/pending/flags.ts';
import { defineDemoCommand } from './commands/demo/flags.ts';
import { defineSmokeCommand } from './commands/smoke/flags.ts';

/**
 * `execute` runs each command's task (main.ts makes it); `writeOut` and `writeErr` take commander's
 * own output (help, usage errors, completion scripts); `env` is read by what runs without a
 * context (the completion of profile names: PWLESS_CONFIG_DIR).
 */
export function createProgram(execute: Execute, writeOut: (s: string) => void, writeErr: (s: string) => void, env: NodeJS.ProcessEnv = {}): Command {
  const program = new Command('pwless')
    .description('Test Auth0-style passwordless login (email or SMS one-time codes) from a terminal, against a tenant or the embedded emulator.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut, writeErr })
    .configureHelp(helpConfiguration)
    .showHelpAfterError('(run with --help for usage)')
    .option('-p, --profile <name>', 'tenant profile to use (env PWLESS_PROFILE; default: the default profile)')
    .option('--domain <url>', 'tenant domain or URL: tenant.auth0.com, https://tenant.auth0.com/, http://127.0.0.1:4010 (env PWLESS_DOMAIN)')
    .option('--client-id <id>', 'application client id (env PWLESS_CLIENT_ID)')
    .option('--json', 'print exactly one JSON document on stdout, also on failure')
    .option('-q, --quiet', 'print only the result: no progress lines')
    .option('--no-color', 'no colours (also NO_COLOR=1 or TERM=dumb)')
    .option('--no-input', 'never prompt; fail with exit 2 when input is missing')
    .option('-v, --verbose', 'trace HTTP requests and responses on stderr (secrets redacted)')
    .option('--timeout <seconds>', 'deadline of each HTTP request', String(DEFAULT_TIMEOUT_SECONDS))
    .option('--config-dir <dir>', 'where config.json lives (env PWLESS_CONFIG_DIR; default: the platform config dir)')
    .option('--ca-file <pem>', 'trust the CA certificates of this PEM file too, on top of the default roots (env PWLESS_CA_FILE)')
    .option('--insecure', 'do not check TLS certificates (tests only; warns on every use, never saved)')
    .option('--trace-file <path>', 'write every HTTP exchange to a HAR 1.2 file (mode 0600; secrets, emails and phone numbers masked)')
    .option('--trace-pii', 'keep emails, phone numbers and names in the --trace-file (secrets stay masked)');

  defineStartCommand(program, execute);
  defineVerifyCommand(program, execute);
  defineTokenCommand(program, execute);
  defineProfileCommands(program, execute);
  defineConfigCommand(program, execute);
  definePendingCommand(program, execute);
  defineEmulatorCommand(program, execute);

  defineDemoCommand(program, execute);
  defineSmokeCommand(program, execute);

  defineCompletionCommands(program, writeOut, env);
  applyCommandHelp(program);
  return program;
}
