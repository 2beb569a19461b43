/**
 * POST /oauth/token with the passwordless OTP grant (docs/auth0-behaviour.md, B-TOKEN-1, B-TOKEN-2). Form-encoded, as the API
 * reference documents; the client secret, when the app has one, goes in the body
 * (client_secret_post), which every Auth0 app type that has a secret accepts.
 */
import { NetworkError } from './errors.ts';
import { send, type HttpOptions, type HttpResponse } from './http.ts';
import type { HintFor } from './hints.ts';
import { MAX_EXPIRES_IN_SECONDS } from './numeric-date.ts';
import { checkTenantError, parseJsonObject } from './response.ts';

export const PASSWORDLESS_OTP_GRANT = 'http://auth0.com/oauth/grant-type/passwordless/otp';

export interface ClientCredentials {
  clientId: string;
  clientSecret?: string | undefined;
}

export interface OtpGrantParams {
  /** The connection name: `email` or `sms` (Auth0 calls it the realm). */
  realm: string;
  username: string;
  otp: string;
  scope?: string | undefined;
  audience?: string | undefined;
}

export interface TokenSet {
  access_token: string;
  token_type: string;
  expires_in: number;
  id_token?: string | undefined;
  refresh_token?: string | undefined;
  scope?: string | undefined;
}

export function otpGrantRequest(base: URL, client: ClientCredentials, params: OtpGrantParams, http: HttpOptions): Promise<HttpResponse> {
  const form: Record<string, string> = {
    grant_type: PASSWORDLESS_OTP_GRANT,
    client_id: client.clientId,
    realm: params.realm,
    username: params.username,
    otp: params.otp,
  };
  if (client.clientSecret !== undefined) form.client_secret = client.clientSecret;
  if (params.scope) form.scope = params.scope;
  if (params.audience) form.audience = params.audience;
  return send({ method: 'POST', url: new URL('/oauth/token', base), form }, http);
}

export function processTokenResponse(res: HttpResponse, hint?: HintFor): TokenSet {
  checkTenantError(res, 'POST /oauth/token', hint);
  const body = parseJsonObject(res, 'POST /oauth/token');
  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') throw malformed('"access_token" must be a non-empty string');
  const tokenType = typeof body.token_type === 'string' ? body.token_type : undefined;
  if (tokenType === undefined) throw malformed('"token_type" must be a string');
  if (!isLifetime(body.expires_in)) throw malformed(`"expires_in" must be a number of seconds above 0 and at most ${MAX_EXPIRES_IN_SECONDS} (10 years)`);
  for (const name of ['id_token', 'refresh_token', 'scope'] as const) {
    if (body[name] !== undefined && typeof body[name] !== 'string') throw malformed(`"${name}" must be a string when present`);
  }
  return {
    access_token: accessToken,
    token_type: tokenType,
    expires_in: body.expires_in,
    id_token: body.id_token as string | undefined,
    refresh_token: body.refresh_token as string | undefined,
    scope: body.scope as string | undefined,
  };
}

/** RFC 6749 §5.1: `expires_in` is "the lifetime in seconds of the access token". */
function isLifetime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_EXPIRES_IN_SECONDS;
}

function malformed(what: string): NetworkError {
  return new NetworkError(`The token response is malformed: ${what}.`, { code: 'invalid_response', status: 200 });
}
