/**
 * Verifying ID tokens the way Auth0's SDKs do (docs/auth0-behaviour.md, B-IDT-1…B-IDT-8): the signature against
 * the tenant's JWKS with an algorithm allow-list, then iss (exactly the discovered issuer string), sub, aud, azp,
 * exp / nbf / iat with a leeway, auth_time with a max age, and nonce. Each check is reported with
 * what was expected and what was found, so a failure says exactly which claim is wrong. Decoding
 * alone is jwt-decode.ts, which loads no jose. jose is imported by its subpath exports
 * (https://github.com/panva/jose#readme): the index would also load its JWE, signing, JWT and key-generation modules.
 */
import type { CryptoKey, JSONWebKeySet, JWSHeaderParameters } from 'jose';
import * as joseErrors from 'jose/errors';
import { createLocalJWKSet } from 'jose/jwks/local';
import { compactVerify } from 'jose/jws/compact/verify';
import type { VerificationCheck } from './error-codes.ts';
import { type DecodedJwt, decodeToken } from './jwt-decode.ts';
import { isNumericDate, outOfRangePhrase } from './numeric-date.ts';

/** Asymmetric algorithms only: `none` and HS256-with-a-public-key are the classic confusions. */
export const ALLOWED_ALGORITHMS = ['RS256', 'PS256', 'ES256'];
export const DEFAULT_LEEWAY_SECONDS = 60;

/**
 * One name per check, in the order they run. `signed`, `alg`, `kid` and `signature` are kept apart
 * so that an unsigned token, a refused algorithm, an unknown key and a forged signature each fail
 * under their own name (the JSON `error.code` of exit 8; listed in src/core/error-codes.ts).
 */
export type CheckName = VerificationCheck;

export interface Check {
  name: CheckName;
  ok: boolean;
  expected: string;
  found: string;
  /** false for a check that could not be made (a nonce nobody knows): reported, never a failure. */
  checked?: false;
}

export interface VerifyIdTokenOptions {
  /** The tenant's keys, already fetched (src/core/jwks.ts): verifying makes no request of its own. */
  jwks: JSONWebKeySet;
  /** Where `jwks` came from; named in the check results. */
  jwksUri: string;
  issuer: string;
  clientId: string;
  /**
   * Verify an access token for this API (its identifier) instead of an ID token: `aud` must
   * contain it, and the ID-token-only rules (azp, nonce, auth_time) do not apply (RFC 9068 §4).
   */
  apiAudience?: string | undefined;
  nonce?: string | undefined;
  /** The `sub` of the ID token this one replaces: a refreshed ID token names the same user (OIDC Core §12.2). */
  subject?: string | undefined;
  leewaySeconds?: number | undefined;
  /** `max_age`: `auth_time` is then required and `auth_time + max_age + leeway` is not past (docs/auth0-behaviour.md, B-IDT-8). */
  maxAgeSeconds?: number | undefined;
  /** Epoch milliseconds; injected by tests. */
  now?: number | undefined;
}

export interface Verification extends DecodedJwt {
  ok: boolean;
  checks: Check[];
}

export async function verifyIdToken(untrimmed: string, options: VerifyIdTokenOptions): Promise<Verification> {
  const token = untrimmed.trim();
  const forApi = options.apiAudience !== undefined;
  const { header, claims } = decodeToken(token, forApi ? 'access token' : 'ID token');
  const audience = options.apiAudience ?? options.clientId;
  const leeway = options.leewaySeconds ?? DEFAULT_LEEWAY_SECONDS;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const checks = await signatureChecks(token, header, options);
  checks.push(check('iss', claims.iss === options.issuer, options.issuer, show(claims.iss)));
  checks.push(subjectCheck(claims.sub, options.subject));
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  checks.push(check('aud', audiences.includes(audience), `contains ${audience}`, show(claims.aud)));
  // azp is required, and must be the client, when aud has several values (OIDC Core §3.1.3.7 items 4-5).
  if (!forApi && (audiences.length > 1 || claims.azp !== undefined)) {
    checks.push(check('azp', claims.azp === options.clientId, options.clientId, show(claims.azp)));
  }
  // RFC 7519 §4.1.4-4.1.6: times are NumericDates, compared with "some small leeway" for clock skew.
  checks.push(timeCheck('exp', claims.exp, (exp) => exp > now - leeway, `after ${isoSeconds(now - leeway)} (now - ${leeway} s leeway)`));
  if (claims.nbf !== undefined)
    checks.push(timeCheck('nbf', claims.nbf, (nbf) => nbf <= now + leeway, `at or before ${isoSeconds(now + leeway)} (now + ${leeway} s leeway)`));
  checks.push(timeCheck('iat', claims.iat, (iat) => iat <= now + leeway, `at or before ${isoSeconds(now + leeway)} (now + ${leeway} s leeway)`));
  if (forApi) return { ok: checks.every((c) => c.ok), checks, header, claims };
  if (options.maxAgeSeconds !== undefined) {
    const oldest = now - options.maxAgeSeconds - leeway;
    checks.push(
      timeCheck(
        'auth_time',
        claims.auth_time,
        (t) => t >= oldest,
        `at or after ${isoSeconds(oldest)} (now - ${options.maxAgeSeconds} s max age - ${leeway} s leeway)`,
      ),
    );
  }
  // The nonce must be the one the client sent (OIDC Core §3.1.3.7 item 11). When nobody here knows
  // it (a token verified ad hoc, a login that sent none), the check cannot be made: say so, never fail.
  if (options.nonce !== undefined) {
    checks.push(check('nonce', claims.nonce === options.nonce, options.nonce, show(claims.nonce)));
  } else if (claims.nonce !== undefined) {
    checks.push({ ...check('nonce', true, 'not checked: the nonce the app sent is not known (pass --nonce)', show(claims.nonce)), checked: false });
  }
  return { ok: checks.every((c) => c.ok), checks, header, claims };
}

/** signed, alg, kid, signature: the later ones are "not checked" (and not ok) once an earlier one fails. */
async function signatureChecks(token: string, header: Record<string, unknown>, options: VerifyIdTokenOptions): Promise<Check[]> {
  const alg = header.alg;
  // An unsecured JWT (RFC 7519 §6) carries no signature at all; "None" and "NONE" are the same trick.
  const unsigned = typeof alg !== 'string' || alg.toLowerCase() === 'none';
  const signed = check('signed', !unsigned, 'a signature (alg other than none)', unsigned ? `alg ${show(alg)}: an unsigned token` : alg);
  const allowed = check('alg', ALLOWED_ALGORITHMS.includes(String(alg)), ALLOWED_ALGORITHMS.join(' | '), algFound(alg));
  const fromJwks = `a key of ${options.jwksUri}`;
  const expected = `signed by ${fromJwks}`;
  if (!signed.ok || !allowed.ok) {
    return [
      signed,
      allowed,
      check('kid', false, fromJwks, 'not checked: the algorithm is refused'),
      check('signature', false, expected, 'not checked: the algorithm is refused'),
    ];
  }
  let key: CryptoKey;
  try {
    key = await createLocalJWKSet(options.jwks)(header as JWSHeaderParameters);
  } catch (error) {
    if (!(error instanceof joseErrors.JOSEError)) throw error;
    const many = error instanceof joseErrors.JWKSMultipleMatchingKeys;
    const found = many
      ? `several ${String(alg)} keys match kid ${show(header.kid)}`
      : error instanceof joseErrors.JWKSNoMatchingKey
        ? `no ${String(alg)} key with kid ${show(header.kid)} in the JWKS`
        : `the JWKS key cannot be used: ${error.message}`;
    return [signed, allowed, check('kid', false, fromJwks, found), check('signature', false, expected, 'not checked: no key')];
  }
  const kid = check('kid', true, fromJwks, `${show(header.kid)} (in the JWKS)`);
  try {
    await compactVerify(token, key, { algorithms: ALLOWED_ALGORITHMS });
    return [signed, allowed, kid, check('signature', true, expected, 'valid')];
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed)
      return [signed, allowed, kid, check('signature', false, expected, 'the signature does not match')];
    if (error instanceof joseErrors.JOSEError) return [signed, allowed, kid, check('signature', false, expected, error.message)];
    throw error;
  }
}

function algFound(alg: unknown): string {
  // HS256 would be checked with a shared secret; a verifier that takes the tenant's public key as that
  // secret accepts tokens anyone can mint (the key-confusion attack), so symmetric algorithms never pass.
  if (typeof alg === 'string' && /^HS/i.test(alg)) return `${alg} (symmetric: refused, a public key is not a shared secret)`;
  return show(alg);
}

function subjectCheck(sub: unknown, subject: string | undefined): Check {
  if (subject !== undefined) return check('sub', sub === subject, `${subject} (the user of the original login)`, show(sub));
  return check('sub', typeof sub === 'string' && sub !== '', 'a string', show(sub));
}

/** A NumericDate claim: missing, not a number, or out of the range of dates (1e20) fails the check, named; it never throws. */
function timeCheck(name: CheckName, value: unknown, test: (v: number) => boolean, expected: string): Check {
  if (typeof value !== 'number') return check(name, false, expected, show(value));
  if (!isNumericDate(value)) return check(name, false, expected, outOfRangePhrase(value));
  return check(name, test(value), expected, isoSeconds(value));
}

function isoSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function check(name: CheckName, ok: boolean, expected: string, found: string): Check {
  return { name, ok, expected, found };
}

function show(value: unknown): string {
  return value === undefined ? '(missing)' : typeof value === 'string' ? value : JSON.stringify(value);
}
