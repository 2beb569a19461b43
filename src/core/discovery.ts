/**
 * GET /.well-known/openid-configuration: where the tenant's keys live and which issuer its tokens
 * must name. Processed as oauth4webapi's processDiscoveryResponse: status, JSON, required members,
 * and an `issuer` that is the one asked for (RFC 8414 §3.3, OpenID Connect Discovery §4.3):
 * otherwise a server could name any issuer, and tokens of that issuer would pass as the tenant's.
 *
 * "The one asked for" is compared as the certified relying-party library does it (openid-client's
 * `discovery()`, https://github.com/panva/openid-client: `new URL(issuer).href` against the URL it
 * was given): after URL normalisation, so `https://h` and `https://h/` are the same issuer.
 * Auth0 writes `https://<domain>/`; most other OpenID Providers (oidc-provider, Keycloak) write no
 * trailing slash. The ID token's `iss` must then equal the discovered `issuer` string exactly
 * (OpenID Connect Core §3.1.3.7 step 2): src/core/tenant-verify.ts passes that string on.
 */
import { isLoopback } from './domain.ts';
import { NetworkError, VerificationError } from './errors.ts';
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

/** The issuer identifier of a tenant, normalised: its base URL with the trailing slash, as Auth0 writes it (`https://tenant.auth0.com/`). */
export function expectedIssuer(base: URL): string {
  return new URL('/', base).href;
}

/** Whether a discovered `issuer` names the issuer asked for, after URL normalisation (openid-client's rule). */
function isIssuerAsked(discovered: string, expected: string): boolean {
  return URL.parse(discovered)?.href === expected;
}

export function processDiscoveryResponse(expected: string, res: HttpResponse): DiscoveryDocument {
  const what = 'GET /.well-known/openid-configuration';
  checkTenantError(res, what);
  const body = parseJsonObject(res, what);
  for (const name of ['issuer', 'jwks_uri'] as const) {
    if (typeof body[name] !== 'string' || body[name] === '') {
      throw new NetworkError(`The discovery document's "${name}" must be a non-empty string.`, { code: 'invalid_response' });
    }
  }
  if (!isIssuerAsked(body.issuer as string, expected)) {
    throw new VerificationError(
      `The discovery document names the issuer ${JSON.stringify(body.issuer)}, not ${JSON.stringify(expected)}, the tenant that was asked.`,
      {
        code: 'issuer_mismatch',
        hint: 'Do not trust tokens from this server. If the tenant is really served under another name (a custom domain), give that domain with --domain; the issuer must name the same scheme, host and port, with no path.',
      },
    );
  }
  // The keys must come over https too (loopback excepted), or a token could be "verified" with anything.
  // A bad jwks_uri is the server's fault, not the user's: exit 4 like any answer that is not what the protocol says.
  const jwksUrl = URL.parse(body.jwks_uri as string);
  if (jwksUrl === null || (jwksUrl.protocol !== 'https:' && !(jwksUrl.protocol === 'http:' && isLoopback(jwksUrl.hostname)))) {
    throw new NetworkError(`The discovery document's "jwks_uri" (${JSON.stringify(body.jwks_uri)}) is not an https URL (http only on loopback).`, {
      code: 'invalid_response',
    });
  }
  return body as unknown as DiscoveryDocument;
}

export async function discover(base: URL, http: HttpOptions): Promise<DiscoveryDocument> {
  return processDiscoveryResponse(expectedIssuer(base), await discoveryRequest(base, http));
}
