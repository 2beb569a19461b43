/**
 * Decoding a JWT without verifying it: the header and claims, or what kind of token a string is.
 * Kept apart from jwt.ts (verification, jose) so that `token decode` and every view that shows
 * claims load no jose (issue 16: jose is 46 modules). `import type` from jose is erased.
 */
import type { JWTPayload } from 'jose';
import { UsageError } from './errors.ts';
import { holdsInfinity, MAX_JSON_DEPTH, nestedDeeperThan } from './json-limits.ts';

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: JWTPayload;
}

/**
 * What an access token is: Auth0 issues a JWT for an API `audience`, an opaque token without one,
 * a JWE when the API encrypts. Auth0's opaque token looks like a JWE with an empty encrypted key
 * and the protected header `{"alg":"dir","enc":"A256GCM","iss":"https://<tenant>/"}`
 * (docs/auth0-behaviour.md, B-TOKEN-11); an API's encrypted access token wraps its key for the API.
 */
export type TokenFormat = ({ format: 'jwt' } & DecodedJwt) | { format: 'jwe' } | { format: 'opaque' };

/**
 * The header and claims of a JWS compact serialization (RFC 7515 §7.1, RFC 7519 §7.2), nothing
 * verified. Parsed by hand rather than with jose's decodeJwt so that garbage gets a precise
 * reason: the number of parts, the first character that is not base64url, or the JSON error.
 */
export function decodeToken(token: string, what = 'token'): DecodedJwt {
  const parts = token.trim().split('.');
  if (parts.length === 5 && isAuth0Opaque(parts)) {
    throw new UsageError(
      `The ${what} is Auth0's opaque access token (a JWE whose header is "dir" with an "iss"), issued when no audience is asked for; only /userinfo accepts it and it cannot be decoded. Ask for a JWT with --audience <api identifier>.`,
      { code: 'encrypted_jwt' },
    );
  }
  if (parts.length === 5) {
    throw new UsageError(`The ${what} has 5 parts: it is an encrypted JWE (RFC 7516 §7.1), which only the holder of its key can read; it cannot be decoded.`, {
      code: 'encrypted_jwt',
    });
  }
  if (parts.length !== 3) {
    throw invalidJwt(
      `The ${what} has ${parts.length} part${parts.length === 1 ? '' : 's'}; a JWT has 3, separated by dots: header.payload.signature (RFC 7515 §7.1).`,
    );
  }
  const header = jsonSegment(parts[0]!, 'header', what);
  const claims = jsonSegment(parts[1]!, 'payload', what) as JWTPayload;
  base64url(parts[2]!, 'signature', what);
  return { header, claims };
}

/** Five parts, no encrypted key, and a protected header `alg: "dir"` naming an `iss`: Auth0's opaque token (B-TOKEN-11). */
function isAuth0Opaque(parts: string[]): boolean {
  if (parts[1] !== '') return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown> | null;
    return header?.alg === 'dir' && typeof header.iss === 'string';
  } catch {
    return false;
  }
}

export function classifyToken(token: string): TokenFormat {
  const parts = token.split('.');
  if (parts.length === 5) return { format: isAuth0Opaque(parts) ? 'opaque' : 'jwe' };
  try {
    if (parts.length === 3) return { format: 'jwt', ...decodeToken(token) };
  } catch {
    // Three dot-separated parts that do not decode: as opaque as any other string.
  }
  return { format: 'opaque' };
}

function jsonSegment(segment: string, part: string, what: string): Record<string, unknown> {
  if (segment === '') throw invalidJwt(`The ${what}'s ${part} is empty.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(base64url(segment, part, what));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw invalidJwt(`The ${what}'s ${part} decodes to bytes that are not UTF-8 text, so it is not JSON.`);
  }
  // Bounded before parsing: every view and the --json document walk the claims recursively (src/core/json-limits.ts).
  if (nestedDeeperThan(text)) throw invalidJwt(`The ${what}'s ${part} nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels, more than pwless reads.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidJwt(`The ${what}'s ${part} is base64url but not JSON: ${(error as Error).message}.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidJwt(`The ${what}'s ${part} is JSON but not an object: ${text.length > 40 ? `${text.slice(0, 40)}…` : text}.`);
  }
  if (holdsInfinity(value)) {
    throw invalidJwt(`The ${what}'s ${part} holds a number too large for a double (such as 1e400), which cannot be read as it was written (RFC 8259 §6).`);
  }
  return value as Record<string, unknown>;
}

/** base64url without padding (RFC 7515 §2): A-Z a-z 0-9 - _ only. */
function base64url(segment: string, part: string, what: string): Buffer {
  const bad = /[^A-Za-z0-9_-]/.exec(segment);
  if (bad !== null) {
    const char = bad[0];
    const why =
      char === '='
        ? 'base64 padding "=", which JWTs leave out'
        : char === '+' || char === '/'
          ? `"${char}", a character of standard base64 (base64url uses - and _)`
          : `${JSON.stringify(char)}, which base64url does not use`;
    throw invalidJwt(`The ${what}'s ${part} is not base64url: character ${bad.index + 1} is ${why}.`);
  }
  if (segment.length % 4 === 1)
    throw invalidJwt(`The ${what}'s ${part} is not base64url: no string of ${segment.length} characters (4n+1) encodes whole bytes.`);
  return Buffer.from(segment, 'base64url');
}

function invalidJwt(message: string): UsageError {
  return new UsageError(message, { code: 'invalid_jwt' });
}
