/**
 * Client authentication at /oauth/token: `client_secret_basic` (HTTP Basic, RFC 6749 §2.3.1) or
 * `client_secret_post` (body), `none` for public clients. Failures answer like Auth0 does for a
 * confidential client with a missing or wrong secret: 401 `access_denied` "Unauthorized"
 * (docs/auth0-behaviour.md, B-TOKEN-ERR-6); an unknown client_id gets the same answer (B-TOKEN-ERR-7).
 * A public client that sends a secret gets 401 `invalid_client` (errors.ts; the emulator's choice, B-APP-5).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { invalidRequest, publicClientSecret, unauthorized } from './errors.ts';
import { formDecode } from './form.ts';
import { findClient, isConfidential, type Tenant, type TenantClient } from './tenant.ts';

interface Credentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
}

/**
 * Reads HTTP Basic credentials. Id and secret are form-url-encoded before base64 (RFC 6749
 * §2.3.1), so they are form-decoded here. Other schemes are not client credentials: ignored.
 */
function basicCredentials(header: string | undefined): Credentials | undefined {
  const match = /^basic(?:\s+(.*))?$/is.exec(header?.trim() ?? '');
  if (match === null) return undefined;
  const malformed = invalidRequest('Malformed HTTP Basic credentials: expected base64(client_id:client_secret), each form-url-encoded.');
  const encoded = (match[1] ?? '').trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw malformed;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) throw malformed;
  return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
}

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function secretMatches(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Returns the authenticated client. A client may use one method only (RFC 6749 §2.3): Basic
 * together with a body `client_secret` is refused; a body `client_id` must match the Basic one.
 * Public clients need no secret and must not send one (docs/auth0-behaviour.md, B-APP-5; an empty Basic secret, as
 * some libraries send for public clients, counts as none).
 */
export function authenticateClient(tenant: Tenant, authorization: string | undefined, params: Record<string, string | undefined>): TenantClient {
  const basic = basicCredentials(authorization);
  if (basic !== undefined && params.client_secret !== undefined) {
    throw invalidRequest('Use one client authentication method: HTTP Basic or client_secret in the body, not both.');
  }
  if (basic !== undefined && params.client_id !== undefined && params.client_id !== basic.clientId) {
    throw invalidRequest('The client_id in the body does not match the HTTP Basic credentials.');
  }
  const { clientId, clientSecret } = basic ?? { clientId: params.client_id, clientSecret: params.client_secret };
  if (clientId === undefined || clientId === '') throw invalidRequest('Missing required parameter: client_id');
  const client = findClient(tenant, clientId);
  if (client === undefined) throw unauthorized();
  if (!isConfidential(client)) {
    if (clientSecret !== undefined && clientSecret !== '') throw publicClientSecret();
    return client;
  }
  if (clientSecret === undefined || client.client_secret === undefined) throw unauthorized();
  if (!secretMatches(clientSecret, client.client_secret)) throw unauthorized();
  return client;
}
