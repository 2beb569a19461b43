/**
 * `pwless token verify [<jwt>|-]`: the checks Auth0's SDKs make on an ID token (reference §6.2),
 * against the tenant's discovery issuer and JWKS. The tenant and client come from --domain /
 * --client-id / --profile, else from the saved set; with no argument the saved ID token is
 * verified, with the nonce saved at login. Any failed check is exit 8 with the check's name as
 * the JSON `error.code`.
 */
import { requireTarget, type SettingFlags } from '../../config/resolve.ts';
import { DEFAULT_LEEWAY_SECONDS, decodeToken } from '../../core/jwt.ts';
import { verifyAgainstTenant } from '../../core/tenant-verify.ts';
import { verifyJson, verifyLines, type VerifyView } from '../../render/token-verify.ts';
import type { Context } from '../context.ts';
import { numberFlag } from '../number-flag.ts';
import { verificationFailure, type ViewResult } from '../result.ts';
import { inputName } from './token-decode.ts';
import { readJwtInput, type JwtInput } from './token-input.ts';
import { lookupSavedSet, savedBase } from './token-saved.ts';

export interface TokenVerifyOptions extends SettingFlags {
  nonce?: string;
  leeway?: string;
  maxAge?: string;
}

export async function tokenVerify(jwt: string | undefined, options: TokenVerifyOptions, ctx: Context): Promise<ViewResult> {
  const leewaySeconds = parseSeconds(options.leeway, '--leeway') ?? DEFAULT_LEEWAY_SECONDS;
  const maxAgeSeconds = parseSeconds(options.maxAge, '--max-age');
  const input = await readJwtInput(jwt, options, ctx);
  // Garbage is a usage error (exit 2) that names its source, before any request is made.
  decodeToken(input.token, inputName(input));
  const { base, clientId } = await tenantOf(input, options, ctx);
  const nonce = options.nonce ?? input.saved?.set.nonce;
  const result = await verifyAgainstTenant(base, input.token, { clientId, nonce, leewaySeconds, maxAgeSeconds }, ctx.http);
  const view: VerifyView = { ...result, what: inputName(input), clientId, leewaySeconds, maxAgeSeconds, now: Date.now() };
  if (result.verification.checks.some((x) => x.name === 'nonce' && x.checked === false)) {
    ctx.warn('The token carries a nonce, and the one the app sent is not known here: the nonce was not checked. Pass it with --nonce <value> to check it.');
  }
  return { kind: 'view', json: { source: input.source, ...verifyJson(view) }, lines: (c) => verifyLines(view, c), failure: verificationFailure(result.verification) };
}

/** The tenant and client id to check against: the saved set of the token, the flags / profile, or the most recent saved set. */
async function tenantOf(input: JwtInput, options: TokenVerifyOptions, ctx: Context): Promise<{ base: URL; clientId: string }> {
  if (input.saved !== undefined) return { base: savedBase(input.saved.set), clientId: options.clientId ?? input.saved.set.client_id };
  const { settings, saved } = await lookupSavedSet(options, ctx);
  if ((settings.domain === undefined || settings.clientId === undefined) && saved !== undefined) {
    return { base: savedBase(saved.set), clientId: settings.clientId?.value ?? saved.set.client_id };
  }
  return requireTarget(settings);
}

/** A whole number of seconds, 0 or more; undefined when the flag was not given. */
export function parseSeconds(value: string | undefined, flag: string): number | undefined {
  return numberFlag(value, flag, { min: 0, max: 999_999_999, integer: true, unit: 'seconds' });
}
