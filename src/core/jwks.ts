/**
 * GET jwks_uri: the tenant's public keys (RFC 7517 §5, a JSON object with a `keys` array), fetched
 * through send() like every other request, so that the -v trace, --trace-file, proxies, --ca-file,
 * the --timeout deadline, the size cap and the no-redirect rule apply to it too (docs/network.md).
 * Any answer that is not a key set is a NetworkError `jwks_unavailable` (exit 4): without keys
 * nothing can be verified, and the fault is the server's or the network's, not the token's.
 */
import type { JSONWebKeySet } from 'jose';
import { NetworkError } from './errors.ts';
import { readJson } from './json-limits.ts';
import { send, type HttpOptions } from './http.ts';
import { firstLineOf } from './response-text.ts';

export async function fetchJwks(jwksUri: string, http: HttpOptions): Promise<JSONWebKeySet> {
  const res = await send({ method: 'GET', url: new URL(jwksUri) }, http);
  const unusable = (why: string) =>
    new NetworkError(`The JWKS at ${jwksUri} could not be read: ${why}.`, {
      code: 'jwks_unavailable',
      status: res.status,
      hint: 'Check the jwks_uri of the discovery document; the keys must be served as JSON without a redirect.',
    });
  if (res.status >= 300 && res.status < 400) {
    // Where it pointed, without its query (which could hold anything).
    const target = res.headers.location ? URL.parse(res.headers.location, jwksUri) : null;
    throw unusable(`it answered HTTP ${res.status}, a redirect${target ? ` to ${target.origin}${target.pathname}` : ''}, which pwless does not follow`);
  }
  if (res.status < 200 || res.status >= 300) {
    const line = firstLineOf(res.text, res.headers['content-type']);
    throw unusable(`it answered HTTP ${res.status}${line ? `: ${line}` : ''}`);
  }
  const set = jwkSetOf(res.text);
  if (typeof set === 'string') throw unusable(set === NOT_JSON ? `${set} (${res.headers['content-type'] ?? 'no content-type'})` : set);
  return set;
}

const NOT_JSON = 'the body is not JSON';

/** A JWK Set from its JSON text, or why it is none (RFC 7517 §5: an object whose `keys` is an array of objects). */
export function jwkSetOf(text: string): JSONWebKeySet | string {
  const read = readJson(text);
  if (!read.ok) return read.tooDeep ? read.problem : NOT_JSON;
  const body = read.value;
  const keys = body !== null && typeof body === 'object' ? (body as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) return 'the JSON has no "keys" array';
  if (!keys.every((k) => k !== null && typeof k === 'object' && !Array.isArray(k))) return 'an entry of "keys" is not a JSON object';
  return { keys } as JSONWebKeySet;
}
