/**
 * POST /oauth/token with grant `refresh_token` (RFC 6749 §6): form-encoded like the OTP grant, the
 * client secret in the body for a confidential client. The answer is read by the same
 * processTokenResponse; only the hints differ, because the fix for a refused refresh is not the fix
 * for a refused code.
 */
import { CodeRejectedError, TenantRefusedError, type TenantResponseError } from './errors.ts';
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
  try {
    return processTokenResponse(res);
  } catch (error) {
    if (error instanceof CodeRejectedError) throw withHint(error, REVOKED_HINT);
    // The shared hint for "Grant type … not allowed" names the passwordless grant; here it is refresh_token.
    if (error instanceof TenantRefusedError && error.code === 'unauthorized_client' && /grant type/i.test(error.message)) throw withHint(error, GRANT_HINT);
    throw error;
  }
}

/**
 * The same tenant error with the hint that fits this endpoint (hints.ts matches on `error` alone and
 * cannot know which request failed). Also used by userinfo.ts.
 */
export function withHint<E extends TenantResponseError>(error: E, hint: string): E {
  const Class = error.constructor as new (description: string, details: ConstructorParameters<typeof TenantRefusedError>[1]) => E;
  return new Class(error.message, { code: error.code, status: error.status ?? 0, body: error.body, headers: { ...error.headers }, hint, cause: error });
}
