/**
 * GET jwks_uri: the tenant's public keys (RFC 7517 §5, a JSON object with a `keys` array), fetched
 * through send() like every other request, so that the -v trace, --trace-file, proxies, --ca-file,
 * the --timeout deadline, the size cap and the no-redirect rule apply to it too (docs/network.md).
 * Any answer that is not a key set is a NetworkError `jwks_unavailable` (exit 4): without keys
 * nothing can be verified, and the fault is the server's or the network's, not the token's.
 */
import type { JSONWebKeySet } from 'jose';
import { NetworkError } from './errors.ts';
import { send, type HttpOptions } from './http.ts';

export async function fetchJwks(jwksUri: string, http: HttpOptions): Promise<JSONWebKeySet> {
  const res = await send({ method: 'GET', url: new URL(jwksUri) }, http);
  const unusable = (why: string) =>
    new NetworkError(`The JWKS at ${jwksUri} could not be read: ${why}.`, {
      code: 'jwks_unavailable',
      status: res.status,
      hint: 'Check the jwks_uri of the discovery document; the keys must be served as JSON without a redirect.',
    });
  if (res.status < 200 || res.status >= 300) {
    throw unusable(`it answered HTTP ${res.status}${res.headers.location ? ` (a redirect to ${res.headers.location}, which pwless does not follow)` : ''}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    throw unusable(`the body is not JSON (${res.headers['content-type'] ?? 'no content-type'})`);
  }
  const keys = body !== null && typeof body === 'object' ? (body as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) throw unusable('the JSON has no "keys" array');
  if (!keys.every((k) => k !== null && typeof k === 'object' && !Array.isArray(k))) throw unusable('an entry of "keys" is not a JSON object');
  return { keys } as JSONWebKeySet;
}
