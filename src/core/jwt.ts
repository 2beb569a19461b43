/**
 * Decoding and verifying ID tokens the way Auth0's SDKs do (reference §6.2): the signature against
 * the tenant's JWKS with an algorithm allow-list, then iss (with its trailing slash), aud, azp,
 * exp / nbf / iat with a leeway, and nonce. Each check is reported with what was expected and what
 * was found, so a failure says exactly which claim is wrong.
 */
import { compactVerify, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, type JWTPayload } from 'jose';
import { NetworkError, UsageError } from './errors.ts';

/** Asymmetric algorithms only: `none` and HS256-with-a-public-key are the classic confusions. */
export const ALLOWED_ALGORITHMS = ['RS256', 'PS256', 'ES256'];
export const DEFAULT_LEEWAY_SECONDS = 60;

export type CheckName = 'alg' | 'signature' | 'iss' | 'aud' | 'azp' | 'exp' | 'nbf' | 'iat' | 'nonce' | 'sub';

export interface Check {
  name: CheckName;
  ok: boolean;
  expected: string;
  found: string;
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: JWTPayload;
}

export interface VerifyOptions {
  jwksUri: string;
  issuer: string;
  clientId: string;
  nonce?: string | undefined;
  leewaySeconds?: number | undefined;
  /** Epoch milliseconds; injected by tests. */
  now?: number | undefined;
  timeoutMs: number;
}

export interface Verification extends DecodedJwt {
  ok: boolean;
  checks: Check[];
}

export function decodeToken(token: string, what = 'token'): DecodedJwt {
  try {
    return { header: decodeProtectedHeader(token) as Record<string, unknown>, claims: decodeJwt(token) };
  } catch (error) {
    throw new UsageError(`The ${what} is not a readable JWT: ${(error as Error).message}`, { code: 'invalid_jwt', cause: error });
  }
}

export async function verifyIdToken(token: string, options: VerifyOptions): Promise<Verification> {
  const { header, claims } = decodeToken(token, 'ID token');
  const leeway = options.leewaySeconds ?? DEFAULT_LEEWAY_SECONDS;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const alg = String(header.alg);
  const checks: Check[] = [check('alg', ALLOWED_ALGORITHMS.includes(alg), ALLOWED_ALGORITHMS.join(' | '), alg)];
  checks.push(await checkSignature(token, header, options));
  checks.push(check('iss', claims.iss === options.issuer, options.issuer, show(claims.iss)));
  checks.push(check('sub', typeof claims.sub === 'string' && claims.sub !== '', 'a string', show(claims.sub)));
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
  checks.push(check('aud', audiences.includes(options.clientId), `contains ${options.clientId}`, show(claims.aud)));
  if (audiences.length > 1 || claims.azp !== undefined) {
    checks.push(check('azp', claims.azp === options.clientId, options.clientId, show(claims.azp)));
  }
  checks.push(timeCheck('exp', claims.exp, (exp) => exp + leeway > now, `after now - ${leeway} s leeway`));
  if (claims.nbf !== undefined) checks.push(timeCheck('nbf', claims.nbf, (nbf) => nbf - leeway <= now, `before now + ${leeway} s leeway`));
  checks.push(timeCheck('iat', claims.iat, (iat) => iat - leeway <= now, `a number, not in the future`));
  if (options.nonce !== undefined || claims.nonce !== undefined) {
    checks.push(check('nonce', claims.nonce === options.nonce, show(options.nonce), show(claims.nonce)));
  }
  return { ok: checks.every((c) => c.ok), checks, header, claims };
}

async function checkSignature(token: string, header: Record<string, unknown>, options: VerifyOptions): Promise<Check> {
  const expected = `signed by a key of ${options.jwksUri}`;
  if (!ALLOWED_ALGORITHMS.includes(String(header.alg))) return check('signature', false, expected, `not checked: alg ${show(header.alg)}`);
  const keys = createRemoteJWKSet(new URL(options.jwksUri), { timeoutDuration: options.timeoutMs });
  try {
    await compactVerify(token, keys, { algorithms: ALLOWED_ALGORITHMS });
    return check('signature', true, expected, `valid (kid ${show(header.kid)})`);
  } catch (error) {
    if (error instanceof joseErrors.JWKSNoMatchingKey) return check('signature', false, expected, `no key with kid ${show(header.kid)} in the JWKS`);
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return check('signature', false, expected, 'the signature does not match');
    if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JWSInvalid) {
      return check('signature', false, expected, (error as Error).message);
    }
    throw jwksFetchError(error, options);
  }
}

function jwksFetchError(error: unknown, options: VerifyOptions): NetworkError {
  const timeout = error instanceof joseErrors.JWKSTimeout;
  return new NetworkError(
    timeout ? `The JWKS at ${options.jwksUri} did not answer within ${options.timeoutMs / 1000} s.` : `The JWKS at ${options.jwksUri} could not be read: ${(error as Error).message}`,
    { code: timeout ? 'timeout' : 'jwks_unavailable', cause: error },
  );
}

function timeCheck(name: CheckName, value: unknown, test: (v: number) => boolean, expected: string): Check {
  if (typeof value !== 'number') return check(name, false, expected, show(value));
  return check(name, test(value), expected, new Date(value * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'));
}

function check(name: CheckName, ok: boolean, expected: string, found: string): Check {
  return { name, ok, expected, found };
}

function show(value: unknown): string {
  return value === undefined ? '(missing)' : typeof value === 'string' ? value : JSON.stringify(value);
}
