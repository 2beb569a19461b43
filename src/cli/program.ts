/**
 * The commander tree: global flags and one subcommand per module. Only the command a run names is
 * defined in full (its flags module is imported then); every other command is its listing alone,
 * the name and summary the program's --help shows, so `pwless --help` and `pwless token decode`
 * import one command's definition, not all of them (bench/startup.js). The implementations load
 * even later, when a command runs (src/cli/commands/<name>/flags.ts).
 */
import { Command } from 'commander';
import { VERSION } from '../core/version.ts';
import { commandNamed } from './command-named.ts';
import { DEFAULT_TIMEOUT_SECONDS } from './flag-values.ts';
import { applyCommandHelp } from './help/command-help.ts';
import { helpConfiguration, setListedTerm } from './help/configuration.ts';
import type { Execute } from './task.ts';

/** What the command definitions are given: how to run a task, and commander's own output. */
interface Wiring {
  execute: Execute;
  writeOut: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

interface CommandEntry {
  name: string;
  /** How the program's --help lists it: commander's subcommandTerm of the defined command (test/unit/cli/program-tree.test.ts). */
  term: string;
  summary: string;
  hidden?: true;
  define: (cmd: Command, wiring: Wiring) => Promise<void>;
}

/** Every top-level command, in the order --help lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'start',
    term: 'start [options]',
    summary: 'send a one-time code (or magic link) by email or SMS, then exchange the code for tokens',
    define: async (cmd, { execute }) => (await import('./commands/start/flags.ts')).defineStartCommand(cmd, execute),
  },
  {
    name: 'verify',
    term: 'verify [options]',
    summary: 'finish a pending login with its code (the latest one, or the one of --email/--phone)',
    define: async (cmd, { execute }) => (await import('./commands/verify/flags.ts')).defineVerifyCommand(cmd, execute),
  },
  {
    name: 'token',
    term: 'token',
    summary: 'show, decode, verify, refresh, revoke and inspect tokens (default: show the saved set)',
    define: async (cmd, { execute }) => (await import('./commands/token/flags.ts')).defineTokenCommand(cmd, execute),
  },
  {
    name: 'profile',
    term: 'profile',
    summary: 'tenant profiles: add, list, show, use, remove, rename',
    define: async (cmd, { execute }) => (await import('./commands/profile/flags.ts')).defineProfileCommands(cmd, execute),
  },
  {
    name: 'config',
    term: 'config',
    summary: 'show the settings in force and where each comes from (flags > PWLESS_* > profile > defaults)',
    define: async (cmd, { execute }) => (await import('./commands/config/flags.ts')).defineConfigCommand(cmd, execute),
  },
  {
    name: 'pending',
    term: 'pending [options]',
    summary: 'list the logins waiting for their code (newest first), with their age and whether the code can still be valid',
    define: async (cmd, { execute }) => (await import('./commands/pending/flags.ts')).definePendingCommand(cmd, execute),
  },
  {
    name: 'emulator',
    term: 'emulator [options]',
    summary: 'run the local emulator of the passwordless endpoints (a test double: never for production)',
    define: async (cmd, { execute }) => (await import('./commands/emulator/flags.ts')).defineEmulatorCommand(cmd, execute),
  },
  {
    name: 'sms-gateway',
    term: 'sms-gateway [options]',
    summary: "receive the SMS of a tenant's custom SMS gateway (Auth0's gateway_url), for --otp-from sms-gateway:URL",
    define: async (cmd, { execute }) => (await import('./commands/sms-gateway/flags.ts')).defineSmsGatewayCommand(cmd, execute),
  },
  {
    name: 'demo',
    term: 'demo [options]',
    summary: 'run the whole flow against an in-process emulator: no tenant needed',
    define: async (cmd, { execute }) => (await import('./commands/demo/flags.ts')).defineDemoCommand(cmd, execute),
  },
  {
    name: 'smoke',
    term: 'smoke [options]',
    summary: 'a whole passwordless login as one CI step: start, code, token, ID-token check, assertions, reports; never prompts',
    define: async (cmd, { execute }) => (await import('./commands/smoke/flags.ts')).defineSmokeCommand(cmd, execute),
  },
  {
    name: 'completion',
    term: 'completion <shell>',
    summary: 'print the shell completion script of bash, zsh or fish: commands, flags, their values and profile names',
    define: async (cmd, { writeOut }) => (await import('./commands/completion/flags.ts')).defineCompletionCommand(cmd, writeOut),
  },
  {
    name: '__complete',
    term: '__complete <what>',
    summary: 'for the completion scripts: print the profile names, one per line',
    hidden: true,
    define: async (cmd, { writeOut, env }) => (await import('./commands/completion/flags.ts')).defineProfileNamesCommand(cmd, writeOut, env),
  },
];

/** Commands whose run needs every other command defined: the completion script is made from the whole tree. */
const NEEDS_WHOLE_TREE = new Set(['completion']);

/**
 * `execute` runs each command's task (main.ts makes it); `writeOut` and `writeErr` take commander's
 * own output (help, usage errors, completion scripts); `env` is read by what runs without a
 * context (the completion of profile names: PWLESS_CONFIG_DIR). With `args` (the command line
 * after the program name) only the command they name is defined in full; without, all are.
 */
export async function createProgram(
  execute: Execute,
  writeOut: (s: string) => void,
  writeErr: (s: string) => void,
  env: NodeJS.ProcessEnv = {},
  args?: readonly string[],
): Promise<Command> {
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

  const named = args === undefined ? undefined : commandNamed(program, args);
  const whole = args === undefined || (named !== undefined && NEEDS_WHOLE_TREE.has(named));
  const wiring: Wiring = { execute, writeOut, env };
  for (const entry of COMMANDS) {
    const cmd = program.command(entry.name, entry.hidden ? { hidden: true } : {}).description(entry.summary);
    if (whole || entry.name === named) await entry.define(cmd, wiring);
    else listOnly(cmd, entry.term);
  }
  applyCommandHelp(program);
  return program;
}

/**
 * A command this run does not name: listed by --help under its term, and never run. If it ever
 * were (commandNamed read the line differently from commander), it fails loudly instead of
 * silently doing nothing.
 */
function listOnly(cmd: Command, term: string): void {
  setListedTerm(cmd, term);
  cmd.action(() => {
    throw new Error(`internal: the command line was read as not running \`${cmd.name()}\`, so its flags were not loaded`);
  });
}
