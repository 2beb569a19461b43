/**
 * POST /oauth/revoke (RFC 7009; Auth0 Authentication API "Revoke Refresh Token",
 * docs/auth0-behaviour.md B-REVOKE-1…B-REVOKE-4): `token`, `client_id`, and `client_secret` for a
 * confidential client (or HTTP Basic, as at /oauth/token). The token is forgotten, so a later
 * refresh with it fails as an unknown one (B-TOKEN-ERR-15). The answer is 200 with an empty body
 * also for a token that is unknown, already revoked or another client's (RFC 7009 §2.2: "invalid
 * tokens do not cause an error response"; a token of another client is left alone, §2.1).
 * Errors: 400 `invalid_request` for missing parameters, 401 `invalid_client` when the client
 * does not authenticate (the codes of Auth0's error table; the texts are the emulator's).
 */
import { authenticateClient } from '../client-auth.ts';
import type { Handler } from '../context.ts';
import { originAllowedFor, requestOrigin } from '../cors.ts';
import { OAuthError, invalidRequest } from '../errors.ts';
import { readParams } from '../http-body.ts';
import type { Tenant, TenantClient } from '../tenant.ts';

/** Auth0 documents 401 `invalid_client` here (not /oauth/token's `access_denied`); RFC 6749 §5.2's wording. */
function invalidClient(): OAuthError {
  return new OAuthError(401, 'invalid_client', 'Client authentication failed.');
}

function stringParam(raw: Record<string, unknown>, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`Parameter '${name}' must be a string.`);
  return value;
}

/** The client, authenticated as at /oauth/token; its 401 answers become Auth0's `invalid_client` here. */
function revokingClient(tenant: Tenant, authorization: string | undefined, params: Record<string, string | undefined>): TenantClient {
  try {
    return authenticateClient(tenant, authorization, params);
  } catch (err) {
    if (err instanceof OAuthError && err.status === 401) throw invalidClient();
    throw err;
  }
}

export const revoke: Handler = async (req, emu) => {
  const raw = await readParams(req.raw, invalidRequest);
  const params = { client_id: stringParam(raw, 'client_id'), client_secret: stringParam(raw, 'client_secret') };
  const token = stringParam(raw, 'token');
  const client = revokingClient(emu.tenant, req.raw.headers.authorization, params);
  const origin = requestOrigin(req.raw);
  if (origin !== undefined && !originAllowedFor(client, origin)) throw invalidClient();
  if (token === undefined || token === '') throw invalidRequest('Missing required parameter: token');
  if (emu.refreshTokens.find(token, emu.clock.now())?.client_id === client.client_id) emu.refreshTokens.revoke(token);
  return { status: 200, headers: {} };
};
