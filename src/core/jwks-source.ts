/**
 * `--jwks <url|file>`: the keys to verify a token with, when they do not come from a tenant's
 * discovery document. A URL is fetched like any jwks_uri (https, or http on loopback only); a
 * file holds a JWK Set (RFC 7517 §5), e.g. saved with `curl https://tenant/.well-known/jwks.json`.
 */
import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { tenantBaseUrl } from './domain.ts';
import { UsageError } from './errors.ts';
import type { HttpOptions } from './http.ts';
import { fetchJwks, jwkSetOf } from './jwks.ts';

export async function jwksFrom(source: string, http: HttpOptions, flag = '--jwks'): Promise<JSONWebKeySet> {
  if (/^https?:\/\//i.test(source)) {
    const url = URL.parse(source);
    if (url === null)
      throw new UsageError(`${flag} ${JSON.stringify(source)} is not a valid URL.`, {
        code: 'invalid_jwks',
        hint: 'Give the URL of the keys (the jwks_uri) or a file that holds them.',
      });
    tenantBaseUrl(url.origin, flag);
    return fetchJwks(url.href, http);
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${source}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`}.`, {
      code: 'invalid_jwks',
      hint: 'Give the URL of the keys (the jwks_uri) or a file that holds them.',
      cause: error,
    });
  }
  const set = jwkSetOf(text);
  if (typeof set === 'string')
    throw new UsageError(`${flag} ${source}: the file is not a JWK Set (${set}); a JWK Set is a JSON object with a "keys" array of keys (RFC 7517 §5).`, {
      code: 'invalid_jwks',
    });
  return set;
}
