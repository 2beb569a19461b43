/**
 * The authorization_code grant that finishes a magic link with response_type=code: the secret of a
 * confidential client, or the PKCE verifier of a public one (RFC 6749 §4.1.3, RFC 7636 §4.5).
 */
import { send, type HttpOptions, type HttpResponse } from './http.ts';
import type { ClientCredentials } from './token-endpoint.ts';

export interface CodeGrantParams {
  code: string;
  redirectUri: string;
  codeVerifier?: string | undefined;
}

export function codeGrantRequest(base: URL, client: ClientCredentials, params: CodeGrantParams, http: HttpOptions): Promise<HttpResponse> {
  const form: Record<string, string> = { grant_type: 'authorization_code', client_id: client.clientId, code: params.code, redirect_uri: params.redirectUri };
  if (client.clientSecret !== undefined) form.client_secret = client.clientSecret;
  if (params.codeVerifier !== undefined) form.code_verifier = params.codeVerifier;
  return send({ method: 'POST', url: new URL('/oauth/token', base), form }, http);
}
