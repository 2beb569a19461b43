/** The flags of `pwless start` and `pwless verify`; their implementations load when they run. */
import { Option, type Command } from 'commander';
import { collectAuthParam } from '../auth-params.ts';
import type { Execute } from '../task.ts';
import { DEFAULT_SCOPE } from '../../config/resolve.ts';
import { DEFAULT_OTP_TIMEOUT_SECONDS } from '../code-source.ts';
import { OTP_SOURCES_HELP } from '../../otp/source.ts';
import { withValues } from '../completion/values.ts';
import { DEFAULT_LISTEN_TIMEOUT_SECONDS } from '../flag-values.ts';

/** Exported for the token subcommands, which print the same thing. */
export const CURL_HELP = 'after the run, print its requests as curl commands on stderr (secrets as shell variables: "$OTP", "$PWLESS_CLIENT_SECRET", …)';

const OTP_FROM_HELP = `where to read the code: ${OTP_SOURCES_HELP}`;

function codeOptions(command: Command): Command {
  return command
    .option('--otp <code>', 'the code, when you already have it')
    .option('--otp-from <source>', OTP_FROM_HELP)
    .option('--otp-timeout <seconds>', `how long --otp-from waits for a code (default: ${DEFAULT_OTP_TIMEOUT_SECONDS})`)
    .option('--otp-regex <pattern>', 'how to find the code in a message: its first capture group (default: after "code"/"OTP", else a lone 4–10 digit number)')
    .option('--client-secret-file <path|->', 'the client secret of a Regular Web App, from a file or stdin (or env PWLESS_CLIENT_SECRET)')
    .option('--show-tokens', 'print the tokens in full')
    .option('--no-save', 'do not keep the tokens for `pwless token`')
    .option('--curl', CURL_HELP);
}

export function defineLoginCommands(program: Command, execute: Execute): void {
  codeOptions(
    program
      .command('start')
      .description('send a one-time code (or magic link) by email or SMS, then exchange the code for tokens')
      .option('--email <address>', 'send to this email (connection "email")')
      .option('--phone <e164>', 'send by SMS to this number, e.g. +14155550123 (connection "sms")')
      .option('--connection <name>', 'connection name, when it is not "email" or "sms"')
      .addOption(withValues(new Option('--send <kind>', 'code or link (always sent explicitly; default: code)'), ['code', 'link']))
      .option('--scope <scope>', `scope of the token request (default: ${DEFAULT_SCOPE})`)
      .option('--audience <api>', 'API identifier: makes the access token a JWT for that API')
      .option('--redirect-uri <url>', 'authParams.redirect_uri: where a magic link lands')
      .option('--response-type <type>', 'authParams.response_type of a magic link (default: code)')
      .option('--state <value>', 'authParams.state (a link gets a random one by default)')
      .option('--nonce <value>', 'authParams.nonce (a link gets a random one by default)')
      .option('--auth-param <key=value>', 'any other authParams entry (repeatable)', collectAuthParam)
      .option('--language <tag>', 'message language: the x-request-language header, e.g. fr')
      .option('--forwarded-for <ip>', "the end user's IP: the auth0-forwarded-for header (trusted confidential apps only)")
      .option('--no-wait', 'do not ask for the code: record the login for `pwless verify`')
      .option('--listen [port]', 'with --send link: wait for the browser on http://127.0.0.1:<port>/callback (no port: any free one)')
      .option('--listen-timeout <seconds>', `how long --listen waits (default: ${DEFAULT_LISTEN_TIMEOUT_SECONDS})`),
  ).action(async (_opts, cmd: Command) => {
    const opts = cmd.optsWithGlobals();
    await execute(opts, async (ctx) => (await import('./start.ts')).start(opts, ctx));
  });

  codeOptions(
    program
      .command('verify')
      .description('finish a pending login with its code (the latest one, or the one of --email/--phone)')
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
    await execute(opts, async (ctx) => (await import('./verify.ts')).verify(opts, ctx));
  });
}
