/**
 * POST /oauth/token with grant `refresh_token` (RFC 6749 §6): form-encoded like the OTP grant, the
 * client secret in the body for a confidential client. The answer is read by the same
 * processTokenResponse; only the hints differ, because the fix for a refused refresh is not the fix
 * for a refused code.
 */
import { hintFor, type HintFor } from './hints.ts';
import { send, type HttpOptions, type HttpResponse } from './http.ts';
import { processTokenResponse, type ClientCredentials, type TokenSet } from './token-endpoint.ts';

export const REFRESH_TOKEN_GRANT = 'refresh_token';

const GRANT_HINT = 'Enable the Refresh Token grant: Dashboard > Applications > (your app) > Advanced Settings > Grant Types.';
const REVOKED_HINT =
  'The refresh token is unknown, revoked, expired or already rotated away: log in again with `pwless start --scope "openid profile email offline_access"`.';

export function refreshGrantRequest(base: URL, client: ClientCredentials, refreshToken: string, http: HttpOptions): Promise<HttpResponse> {
  const form: Record<string, string> = { grant_type: REFRESH_TOKEN_GRANT, client_id: client.clientId, refresh_token: refreshToken };
  if (client.clientSecret !== undefined) form.client_secret = client.clientSecret;
  return send({ method: 'POST', url: new URL('/oauth/token', base), form }, http);
}

/** The new token set; `invalid_grant` is a CodeRejectedError (exit 6), like a wrong code. */
export function processRefreshResponse(res: HttpResponse): TokenSet {
  return processTokenResponse(res, refreshHint);
}

/** The shared hints name the passwordless grant and codes; here it is the refresh_token grant. */
const refreshHint: HintFor = (body, status) => {
  if (body.error === 'invalid_grant') return REVOKED_HINT;
  if (body.error === 'unauthorized_client' && /grant type/i.test(body.error_description ?? '')) return GRANT_HINT;
  return hintFor(body, status);
};
