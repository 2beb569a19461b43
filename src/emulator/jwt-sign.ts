/**
 * RS256 JWS compact serialization (RFC 7515 §7.1, RFC 7518 §3.3) of the emulator's tokens, made
 * with node:crypto's `sign` given a callback, so the RSA operation runs on libuv's thread pool and
 * never blocks the event loop (https://nodejs.org/api/crypto.html#cryptosignalgorithm-data-key-callback).
 * Done here rather than with jose's SignJWT, which copies the claims (`structuredClone`) and
 * re-validates them on every token: the emulator builds its claims itself (issue 16).
 */
import { sign } from 'node:crypto';
import type { SigningKey } from './keys.ts';

/** The protected header of each key, encoded once: `{"alg":"RS256","typ":"JWT","kid":…}`. */
const encodedHeaders = new WeakMap<SigningKey, string>();

function encodedHeader(key: SigningKey): string {
  let header = encodedHeaders.get(key);
  if (header === undefined) {
    header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid })).toString('base64url');
    encodedHeaders.set(key, header);
  }
  return header;
}

/** The signed JWT of `claims` (serialized as given, keys in their insertion order). */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  const signingInput = `${encodedHeader(key)}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(signingInput, 'latin1'), key.privateKey, (error, signature) => {
      if (error === null) resolve(`${signingInput}.${signature.toString('base64url')}`);
      else reject(error);
    });
  });
}
