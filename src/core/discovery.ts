/**
 * GET /.well-known/openid-configuration: where the tenant's keys live and which issuer its tokens
 * must name. Processed as oauth4webapi's processDiscoveryResponse: status, JSON, required members.
 */
import { tenantBaseUrl } from './domain.ts';
import { NetworkError } from './errors.ts';
import { send, type HttpOptions, type HttpResponse } from './http.ts';
import { checkTenantError, parseJsonObject } from './response.ts';

export interface DiscoveryDocument {
  issuer: string;
  jwks_uri: string;
  token_endpoint?: string | undefined;
  userinfo_endpoint?: string | undefined;
  grant_types_supported?: string[] | undefined;
}

export function discoveryRequest(base: URL, http: HttpOptions): Promise<HttpResponse> {
  return send({ method: 'GET', url: new URL('/.well-known/openid-configuration', base) }, http);
}

export function processDiscoveryResponse(res: HttpResponse): DiscoveryDocument {
  const what = 'GET /.well-known/openid-configuration';
  checkTenantError(res, what);
  const body = parseJsonObject(res, what);
  for (const name of ['issuer', 'jwks_uri'] as const) {
    if (typeof body[name] !== 'string' || body[name] === '') {
      throw new NetworkError(`The discovery document's "${name}" must be a non-empty string.`, { code: 'invalid_response' });
    }
  }
  // The keys must come over https too (loopback excepted), or a token could be "verified" with anything.
  tenantBaseUrl(new URL(body.jwks_uri as string).origin, 'jwks_uri');
  return body as unknown as DiscoveryDocument;
}

export async function discover(base: URL, http: HttpOptions): Promise<DiscoveryDocument> {
  return processDiscoveryResponse(await discoveryRequest(base, http));
}
