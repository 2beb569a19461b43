/**
 * PKCE (RFC 7636) for magic links: the link carries `code_challenge` and `code_challenge_method`
 * from the start request's authParams, and the authorization_code grant checks the
 * `code_verifier` against them. Only S256 is accepted: Auth0 documents S256 alone, and `plain`
 * protects nothing once the link is read (RFC 7636 §4.2, §7.2).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** BASE64URL(SHA256(…)) without padding is always 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

export const PKCE_METHOD = 'S256';

/** What is wrong with a link's PKCE parameters, or undefined when they are fine or absent. */
export function challengeProblem(challenge: string | undefined, method: string | undefined): string | undefined {
  if (challenge === undefined) {
    return method === undefined ? undefined : 'code_challenge_method is given without a code_challenge.';
  }
  if (method === undefined) {
    return 'code_challenge is given without code_challenge_method: it would default to "plain" (RFC 7636 §4.3), which is not supported. Send code_challenge_method=S256.';
  }
  if (method !== PKCE_METHOD) return `code_challenge_method "${method}" is not supported: use S256.`;
  if (!S256_CHALLENGE.test(challenge)) return 'code_challenge is not an S256 challenge: BASE64URL(SHA256(code_verifier)) is 43 characters of A-Z a-z 0-9 - _.';
  return undefined;
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge, in constant time. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'), 'ascii');
  const expected = Buffer.from(challenge, 'ascii');
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
