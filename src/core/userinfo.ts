/**
 * GET /userinfo with the access token as a Bearer token (OpenID Connect Core §5.3, RFC 6750 §2.1),
 * and the comparison of its claims with the ID token's. The userinfo `sub` must equal the ID
 * token's, or the answer must not be used (OIDC Core §5.3.2); other claims may lawfully differ
 * (a profile changed since the login), which is worth seeing rather than failing on.
 */
import { NetworkError } from './errors.ts';
import { hintFor } from './hints.ts';
import { send, type HttpOptions, type HttpResponse } from './http.ts';
import { checkTenantError, parseJsonObject } from './response.ts';

const WHAT = 'GET /userinfo';

/** Claims about the token rather than the user: an ID token has them, userinfo does not (OIDC Core §2). */
const TOKEN_CLAIMS = new Set([
  'iss',
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'jti',
  'nonce',
  'auth_time',
  'at_hash',
  'c_hash',
  'sid',
  'acr',
  'amr',
  'org_id',
  'org_name',
]);

export type ClaimAgreement = 'same' | 'different' | 'userinfo_only' | 'id_token_only';

export interface ClaimComparison {
  claim: string;
  status: ClaimAgreement;
  userinfo?: unknown;
  id_token?: unknown;
}

export function userinfoRequest(base: URL, accessToken: string, http: HttpOptions): Promise<HttpResponse> {
  return send({ method: 'GET', url: new URL('/userinfo', base), headers: { authorization: `Bearer ${accessToken}` } }, http);
}

const EXPIRED_HINT = 'The access token has expired: get a new one with `pwless token refresh`, or log in again with `pwless start`.';
const REFUSED_HINT =
  'The tenant does not accept this access token at /userinfo: it needs the openid scope, and a token for an --audience must also have /userinfo in its audience.';

/** The claims; a 401 `invalid_token` (RFC 6750 §3.1) is a TenantRefusedError (exit 5) with a hint that fits why. */
export function processUserinfoResponse(res: HttpResponse, accessTokenExpired = false): Record<string, unknown> {
  checkTenantError(res, WHAT, (body, status) => (body.error === 'invalid_token' ? (accessTokenExpired ? EXPIRED_HINT : REFUSED_HINT) : hintFor(body, status)));
  const body = parseJsonObject(res, WHAT);
  if (typeof body.sub !== 'string' || body.sub === '') {
    throw new NetworkError(`${WHAT} answered without a "sub" string, which OpenID Connect Core §5.3.2 requires.`, {
      code: 'invalid_response',
      status: res.status,
    });
  }
  return body;
}

/** Every userinfo claim, then the ID token's user claims that userinfo left out; `sub` first. */
export function compareClaims(userinfo: Record<string, unknown>, idToken: Record<string, unknown>): ClaimComparison[] {
  const rows: ClaimComparison[] = [];
  for (const [claim, value] of Object.entries(userinfo)) {
    if (!(claim in idToken)) rows.push({ claim, status: 'userinfo_only', userinfo: value });
    else rows.push({ claim, status: sameJson(value, idToken[claim]) ? 'same' : 'different', userinfo: value, id_token: idToken[claim] });
  }
  for (const [claim, value] of Object.entries(idToken)) {
    if (!(claim in userinfo) && !TOKEN_CLAIMS.has(claim)) rows.push({ claim, status: 'id_token_only', id_token: value });
  }
  return rows.sort((a, b) => Number(b.claim === 'sub') - Number(a.claim === 'sub'));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
