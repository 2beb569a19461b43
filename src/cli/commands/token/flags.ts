/**
 * The flags of `pwless token` and its subcommands. Kept apart from their implementation, which is
 * only imported when a subcommand runs. Bare `pwless token` runs `show` (commander's default
 * command), so that `--raw` and `--show-tokens` belong to `show` and `refresh` only: a parent
 * option would also be accepted, and silently ignored, after `decode` or `userinfo`.
 */
import { Option, type Command, type OptionValues } from 'commander';
import type { Context } from '../../context.ts';
import type { Execute } from '../../task.ts';
import { CURL_HELP, RAW_TOKEN_NAMES } from '../../flag-values.ts';
import type { View } from '../../../render/view.ts';

const rawOption = () => new Option('--raw <name>', 'print only that token and a newline, for scripts (not with --json)').choices(RAW_TOKEN_NAMES);
const SHOW_TOKENS = 'print the tokens in full';
const LEEWAY = 'clock skew allowed on exp, nbf, iat and auth_time, in seconds (default 60)';
const ARGUMENT = 'the JWT, or - to read it from standard input (default: the saved ID token)';

export function defineTokenCommand(token: Command, execute: Execute): void {
  token
    .command('show', { isDefault: true })
    .description('the last saved tokens of the profile, decoded: header, claims, expiry, audience (the default)')
    .addOption(rawOption())
    .option('--show-tokens', SHOW_TOKENS)
    .action(run(execute, async (opts, ctx) => (await import('./show.ts')).tokenShow(opts, ctx)));

  token
    .command('decode [jwt]')
    .description('print the header and claims of a JWT without verifying anything')
    .addHelpText('after', `\nArguments:\n  jwt  ${ARGUMENT}`)
    .action(run(execute, async (opts, ctx, [jwt]) => (await import('./decode.ts')).tokenDecode(jwt, opts, ctx)));

  token
    .command('verify [jwt]')
    .description(
      "check a JWT against keys and an issuer you trust (the tenant's, or --jwks and --issuer): as an ID token (signature, iss, aud, azp, exp, nbf, iat, nonce), or with --audience as an API's access token",
    )
    .addHelpText(
      'after',
      `\nArguments:\n  jwt  ${ARGUMENT}\n\nA nonce nobody knows is reported "not checked" (a warning). A JWT given here is never checked against its own iss: with no --domain, profile or --jwks + --issuer, exit 3.\nExits 8 when a check fails; with --json, error.code is the check's name.`,
    )
    .option('--nonce <value>', 'the nonce the app sent (default: the one saved with the login)')
    .option('--leeway <seconds>', LEEWAY)
    .option('--max-age <seconds>', 'require auth_time no older than this (the max_age the app sent)')
    .option('--audience <api>', 'check an access token for this API instead (aud must contain it; default token: the saved access token)')
    .option('--jwks <url|file>', "the keys to check against, instead of the tenant's jwks_uri")
    .option('--issuer <iss>', "the issuer the token must name, instead of the tenant's (with --jwks: no tenant needed)")
    .option('--curl', CURL_HELP)
    .action(run(execute, async (opts, ctx, [jwt]) => (await import('./verify.ts')).tokenVerify(jwt, opts, ctx)));

  token
    .command('refresh')
    .description('use the saved refresh token (scope offline_access) for new tokens; show what changed and save them')
    .option('--client-secret-file <path|->', 'read the client secret of a Regular Web App from a file or stdin')
    .option('--leeway <seconds>', LEEWAY)
    .addOption(rawOption())
    .option('--show-tokens', SHOW_TOKENS)
    .option('--curl', CURL_HELP)
    .action(run(execute, async (opts, ctx) => (await import('./refresh.ts')).tokenRefresh(opts, ctx)));

  token
    .command('revoke')
    .description('revoke the saved refresh token at the tenant (POST /oauth/revoke), then forget it; the access and ID tokens stay saved')
    .option('--client-secret-file <path|->', 'read the client secret of a Regular Web App from a file or stdin')
    .option('--curl', CURL_HELP)
    .action(run(execute, async (opts, ctx) => (await import('./revoke.ts')).tokenRevoke(opts, ctx)));

  token
    .command('userinfo')
    .description('GET /userinfo with the saved access token; show where it and the ID token disagree')
    .option('--curl', CURL_HELP)
    .action(run(execute, async (opts, ctx) => (await import('./userinfo.ts')).tokenUserinfo(opts, ctx)));

  token
    .command('clear')
    .description('forget the saved tokens of the profile (they stay valid at the tenant)')
    .option('--all', 'forget every saved token set')
    .action(run(execute, async (opts, ctx) => (await import('./clear.ts')).tokenClear(opts, ctx)));
}

/** A commander action that loads its implementation only when it runs, with the global flags merged in. */
function run(execute: Execute, task: (opts: OptionValues, ctx: Context, args: string[]) => Promise<View>) {
  return async (...params: unknown[]): Promise<void> => {
    const cmd = params.at(-1) as Command;
    const opts = cmd.optsWithGlobals();
    await execute(opts, (ctx) => task(opts, ctx, cmd.args));
  };
}
