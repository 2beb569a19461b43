/** The flags of `pwless start`; the implementation loads when it runs. */
import { Option, type Command } from 'commander';
import { collectAuthParam } from '../../login/auth-params.ts';
import type { Execute } from '../../task.ts';
import { DEFAULT_SCOPE } from '../../../config/resolve.ts';
import { codeOptions } from '../../login/flags.ts';
import { withValues } from '../../completion/values.ts';
import { DEFAULT_LISTEN_TIMEOUT_SECONDS } from '../../flag-values.ts';

export function defineStartCommand(start: Command, execute: Execute): void {
  codeOptions(
    start
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
    await execute(opts, async (ctx) => (await import('./run.ts')).start(opts, ctx));
  });
}
