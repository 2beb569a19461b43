/**
 * POST /oauth/revoke (RFC 7009 §2.1; Auth0 Authentication API "Revoke Refresh Token",
 * https://auth0.com/docs/api/authentication/token-management/revoke-refresh-token): form-encoded
 * `client_id`, `token`, and `client_secret` for a confidential client. Any 2xx is success, whatever
 * the body (RFC 7009 §2.2: the content "is ignored by the client"; Auth0 also answers 200 for a
 * token that was already revoked or unknown). Errors are read like the token endpoint's.
 */
import { hintFor, type HintFor } from './hints.ts';
import { send, type HttpOptions, type HttpResponse } from './http.ts';
import { checkTenantError } from './response.ts';
import type { ClientCredentials } from './token-endpoint.ts';

const CLIENT_HINT =
  'The application did not authenticate: a Regular Web App needs its secret (PWLESS_CLIENT_SECRET or --client-secret-file), a Native app or SPA sends none.';

export function revokeRequest(base: URL, client: ClientCredentials, refreshToken: string, http: HttpOptions): Promise<HttpResponse> {
  const form: Record<string, string> = { client_id: client.clientId, token: refreshToken };
  if (client.clientSecret !== undefined) form.client_secret = client.clientSecret;
  return send({ method: 'POST', url: new URL('/oauth/revoke', base), form }, http);
}

/** Nothing for a 2xx; otherwise the typed error of the answer (401 `invalid_client`: exit 5). */
export function processRevokeResponse(res: HttpResponse): void {
  checkTenantError(res, 'POST /oauth/revoke', revokeHint);
}

const revokeHint: HintFor = (body, status) => {
  if (body.error === 'invalid_client' || (status === 401 && body.error === 'access_denied')) return CLIENT_HINT;
  return hintFor(body, status);
};
