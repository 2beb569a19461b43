/**
 * `--raw <name>`: only the named token on stdout, followed by a newline, for
 * `curl -H "Authorization: Bearer $(pwless token --raw access_token)"`. Nothing else goes to stdout,
 * so it cannot be combined with --json (which promises one JSON document there).
 */
import { ConfigError, type PwlessError, UsageError } from '../../core/errors.ts';
import type { TokenSet } from '../../core/token-endpoint.ts';
import { expiryPhrase } from '../../render/token-claims.ts';
import type { Context } from '../context.ts';
import type { RawTokenName } from '../flag-values.ts';
import { outputView, type OutputView } from '../../render/view.ts';

const MISSING_CODES = { access_token: 'no_access_token', id_token: 'no_id_token', refresh_token: 'no_refresh_token' } as const satisfies Record<
  RawTokenName,
  string
>;

const MISSING_HINTS: Record<RawTokenName, string> = {
  access_token: 'Log in again with `pwless start`.',
  id_token: 'There is an ID token only when the scope has openid: log in again with `pwless start --scope "openid profile email"`.',
  refresh_token:
    'There is a refresh token only when the scope has offline_access: log in again with `pwless start --scope "openid profile email offline_access"`.',
};

/** Refuses --raw with --json before anything is sent or read. */
export function checkRawOption(raw: string | undefined, ctx: Context): RawTokenName | undefined {
  if (raw === undefined) return undefined;
  if (ctx.json)
    throw new UsageError('Give either --raw or --json, not both: --raw prints only the token, --json one JSON document.', { code: 'conflicting_options' });
  // The name itself was checked by commander (Option.choices in commands/token/flags.ts).
  return raw as RawTokenName;
}

/**
 * The view that prints one token (and the failure of the command that got it, if any); a token that
 * is not there is a ConfigError (exit 3): the login did not ask for it.
 */
export function rawTokenView(tokens: TokenSet, name: RawTokenName, ctx: Context, accessExp: number | undefined, failure?: PwlessError): OutputView {
  const token = tokens[name];
  if (token === undefined) throw new ConfigError(`The saved tokens have no ${name}.`, { code: MISSING_CODES[name], hint: MISSING_HINTS[name] });
  // A script would otherwise send an expired token and puzzle over the 401.
  if (name === 'access_token' && accessExp !== undefined && accessExp * 1000 <= Date.now())
    ctx.warn(`the access token ${expiryPhrase(accessExp, Date.now())}; \`pwless token refresh\` gets a new one.`);
  return outputView({}, () => [token], failure, [token]);
}
