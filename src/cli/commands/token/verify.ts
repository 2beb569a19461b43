/**
 * `pwless token verify [<jwt>|-]`: the checks an app makes on a token, against keys and an issuer
 * it trusts. By default the token is an ID token, checked as Auth0's SDKs do, against the tenant's
 * discovery issuer and JWKS; with `--audience <api>` it is an access token for that API (aud
 * checked, none of the ID-token-only rules). The tenant and client come from --domain /
 * --client-id / --profile, else from the saved set; `--jwks <url|file>` and `--issuer` name the
 * keys and issuer outright, as step and jwt-cli do. A token is never trusted on its own word: with
 * nothing to check it against, the command refuses and shows the token's `iss`. Any failed check
 * is exit 8 with the check's name as the JSON `error.code`.
 */
import type { SettingFlags } from '../../../config/resolve.ts';
import { tenantBaseUrl } from '../../../core/domain.ts';
import { ConfigError } from '../../../core/errors.ts';
import { DEFAULT_LEEWAY_SECONDS } from '../../../core/jwt.ts';
import { decodeToken, type DecodedJwt } from '../../../core/jwt-decode.ts';
import { verifyAgainst, type TrustAnchor } from '../../../core/tenant-verify.ts';
import { verifyJson, verifyLines, type VerifyView } from '../../../render/token-verify.ts';
import type { Context } from '../../context.ts';
import { parseSeconds } from '../../number-flag.ts';
import { verificationFailure } from '../../tokens/verification-failure.ts';
import { inputName } from '../../tokens/jwt-input.ts';
import { readJwtInput, type JwtInput } from '../../tokens/jwt-input.ts';
import { savedBase } from '../../tokens/saved-set.ts';
import { commandSettings } from '../../settings.ts';
import { shellWord } from '../../../core/shell-word.ts';
import { outputView, type OutputView } from '../../../render/view.ts';

export interface TokenVerifyOptions extends SettingFlags {
  nonce?: string;
  leeway?: string;
  maxAge?: string;
  /** The keys: a JWKS URL or a file holding a JWK Set. */
  jwks?: string;
  /** The issuer the token must name. */
  issuer?: string;
}

export async function tokenVerify(jwt: string | undefined, options: TokenVerifyOptions, ctx: Context): Promise<OutputView> {
  const leewaySeconds = parseSeconds(options.leeway, '--leeway') ?? DEFAULT_LEEWAY_SECONDS;
  const maxAgeSeconds = parseSeconds(options.maxAge, '--max-age');
  const apiAudience = options.audience;
  const input = await readJwtInput(jwt, options, ctx, apiAudience !== undefined ? 'access_token' : 'id_token');
  // Garbage is a usage error (exit 2) that names its source, before any request is made.
  const decoded = decodeToken(input.token, inputName(input));
  const { anchor, clientId } = await anchorOf(input, decoded, options, ctx);
  const nonce = apiAudience !== undefined ? undefined : (options.nonce ?? input.saved?.set.nonce);
  const result = await verifyAgainst(anchor, input.token, { clientId: clientId ?? '', apiAudience, nonce, leewaySeconds, maxAgeSeconds }, ctx.http);
  const view: VerifyView = { ...result, what: inputName(input), clientId: apiAudience ?? clientId ?? '', leewaySeconds, maxAgeSeconds, now: Date.now() };
  if (result.verification.checks.some((x) => x.name === 'nonce' && x.checked === false)) {
    ctx.warn('The token carries a nonce, and the one the app sent is not known here: the nonce was not checked. Pass it with --nonce <value> to check it.');
  }
  return outputView({ source: input.source, ...verifyJson(view) }, (c) => verifyLines(view, c), verificationFailure(result.verification));
}

/**
 * What to check the token against, and the client an ID token must be for: the saved set of a
 * saved token; for a token given here, the flags or profile, or --jwks with --issuer. A given
 * token is never checked against another token's saved tenant, nor against its own iss.
 */
async function anchorOf(
  input: JwtInput,
  decoded: DecodedJwt,
  options: TokenVerifyOptions,
  ctx: Context,
): Promise<{ anchor: TrustAnchor; clientId: string | undefined }> {
  if (input.saved !== undefined)
    return {
      anchor: { base: savedBase(input.saved.set), issuer: options.issuer, jwks: options.jwks },
      clientId: options.clientId ?? input.saved.set.client_id,
    };
  const settings = commandSettings(options, ctx, await ctx.store.read());
  const { issuer, jwks } = options;
  let anchor: TrustAnchor;
  if (settings.domain !== undefined) anchor = { base: tenantBaseUrl(settings.domain.value, settings.domain.origin), issuer, jwks };
  else if (issuer !== undefined && jwks !== undefined) anchor = { issuer, jwks };
  else throw untrusted(decoded, options);
  const clientId = settings.clientId?.value;
  if (options.audience === undefined && clientId === undefined) {
    throw new ConfigError('No client id to check the ID token against (its aud).', {
      code: 'missing_client_id',
      hint: `Pass --client-id <id> (the token names ${JSON.stringify(decoded.claims.aud ?? null)}), or --audience <api> for an access token.`,
    });
  }
  return { anchor, clientId };
}

/** Nothing to trust: refuse, and show the token's own issuer with the command that checks against it. */
function untrusted(decoded: DecodedJwt, options: TokenVerifyOptions): ConfigError {
  const iss = decoded.claims.iss;
  const aud = options.audience
    ? `--audience ${shellWord(options.audience)}`
    : typeof decoded.claims.aud === 'string'
      ? `--client-id ${shellWord(decoded.claims.aud)}`
      : '--client-id <id>';
  const command = typeof iss === 'string' && /^https?:\/\//.test(iss) ? `pwless token verify --domain ${shellWord(iss)} ${aud} <jwt>` : undefined;
  const missing =
    options.jwks !== undefined ? 'only --jwks, no --issuer' : options.issuer !== undefined ? 'only --issuer, no --jwks' : 'no --domain and no profile';
  return new ConfigError(`Nothing to verify the token against (${missing}). Its own iss claim is not trusted on its word.`, {
    code: 'missing_domain',
    hint:
      command !== undefined
        ? `The token says it was issued by ${iss}. If that is the tenant you trust, run: ${command} (or give --jwks <url|file> and --issuer).`
        : 'Pass --domain <tenant> (or a profile), or --jwks <url|file> with --issuer <iss>.',
  });
}
