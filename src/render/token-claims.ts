/**
 * The pieces every `pwless token` view shows: a JWT's header and claims with the NumericDate
 * claims (RFC 7519 §2: seconds since the epoch) as ISO time and relative time, and one phrase for
 * an expiry ("expires … (in 9h 59m)", "expired … (3m ago)").
 */
import type { ChalkInstance } from 'chalk';
import type { DecodedJwt, TokenFormat } from '../core/jwt-decode.ts';
import { isNumericDate, outOfRangePhrase } from '../core/numeric-date.ts';
import { isoTimeFromSeconds, relativeTime, table } from './format.ts';

/** The registered and OIDC claims whose values are NumericDates. */
const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf', 'auth_time', 'updated_at']);

/** "2026-11-26T18:00:00Z (in 9h 59m)"; within a second of now, "(just now)" rather than "(in 0s)". */
export function whenPhrase(epochSeconds: number, now: number): string {
  // 1e20 is a number but no date (src/core/numeric-date.ts): said so, rather than "(in 1157407407407407d)".
  if (!isNumericDate(epochSeconds)) return outOfRangePhrase(epochSeconds);
  return `${isoTimeFromSeconds(epochSeconds)} (${relativePhrase(epochSeconds, now)})`;
}

export function relativePhrase(epochSeconds: number, now: number): string {
  return Math.abs(epochSeconds - now / 1000) < 1 ? 'just now' : relativeTime(epochSeconds, now);
}

/** "expires 2026-11-26T18:00:00Z (in 9h 59m)" or "expired 2026-11-26T07:57:00Z (3m ago)". */
export function expiryPhrase(exp: number, now: number): string {
  if (!isNumericDate(exp)) return `expiry ${outOfRangePhrase(exp)}`;
  return `${exp * 1000 > now ? 'expires' : 'expired'} ${whenPhrase(exp, now)}`;
}

/** A claim value for humans: strings as they are, NumericDates humanised, the rest as JSON. */
export function claimValue(name: string, value: unknown, now: number): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') return isNumericDate(value) ? `${value}  ${whenPhrase(value, now)}` : outOfRangePhrase(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function claimRows(claims: Record<string, unknown>, now: number): [string, string][] {
  return Object.entries(claims).map(([name, value]) => [name, claimValue(name, value, now)]);
}

/** "Header" and "Claims" blocks of a decoded JWT, indented under a title the caller prints. */
export function jwtLines(jwt: DecodedJwt, c: ChalkInstance, now: number, indent = '  '): string[] {
  return [
    `${indent}${c.dim('header')}`,
    ...table(claimRows(jwt.header, now), `${indent}  `),
    `${indent}${c.dim('claims')}`,
    ...table(claimRows(jwt.claims, now), `${indent}  `),
  ];
}

/** The audience of a token as one line: a string, or several values space-separated. */
export function audienceText(aud: unknown): string | undefined {
  if (typeof aud === 'string') return aud;
  return Array.isArray(aud) ? aud.join(' ') : undefined;
}

/** What an access token is, in words, with the usual cause when it cannot be read. */
export function formatPhrase(format: TokenFormat): string {
  switch (format.format) {
    case 'jwt':
      return `JWT (${String(format.header.alg)}${format.header.kid !== undefined ? `, kid ${String(format.header.kid)}` : ''})`;
    case 'jwe':
      return 'encrypted JWE (5 parts): only the API that holds the key can read it; not decoded';
    case 'opaque':
      return 'opaque (not a JWT): no `audience` was requested, the usual cause; only /userinfo accepts it (ask for a JWT with `pwless start --audience <api identifier>`)';
  }
}

/** The JSON form of a decoded token, the same for every view: header and claims, or just the format. */
export function formatJson(format: TokenFormat): Record<string, unknown> {
  return format.format === 'jwt' ? { format: 'jwt', header: format.header, claims: format.claims } : { format: format.format };
}
