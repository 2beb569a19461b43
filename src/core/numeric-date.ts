/**
 * The range of the times pwless can check and show. A JWT's NumericDate (RFC 7519 §2) is any JSON
 * number of seconds, but a JavaScript Date holds at most ±8.64e15 ms around the epoch (ECMA-262
 * §21.4.1.1, "Time Values and Time Range"): past it, `new Date(…).toISOString()` throws a
 * RangeError. A claim out of that range is a failed check (exit 8) and is shown as the number it
 * is, never a crash. An access token's lifetime is bounded here too, for the same reason.
 */

/** ECMA-262 §21.4.1.1: a time value is within ±8.64e15 ms of 1970-01-01T00:00:00Z. */
export const MAX_TIME_MS = 8.64e15;

/** The same bound in NumericDate seconds: 8,640,000,000,000 s, about 273,790 years. */
export const MAX_NUMERIC_DATE = MAX_TIME_MS / 1000;

/** A number of seconds since the epoch that a Date can hold. */
export function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_NUMERIC_DATE;
}

/** What a time claim that is a number but no date is, in words: "1e+20: beyond ±8640000000000 s, the range of dates". */
export function outOfRangePhrase(value: number): string {
  return `${String(value)}: beyond ±${MAX_NUMERIC_DATE} s, the range of dates`;
}

/**
 * The longest access-token lifetime (`expires_in`) pwless accepts: 10 years. Auth0 caps an API's
 * token lifetime at 30 days, 2,592,000 s
 * (https://auth0.com/docs/secure/tokens/access-tokens/update-access-token-lifetime); anything far
 * past that is a broken answer, and an unbounded one (`1e400` parses as Infinity, and is saved as
 * `null`) would make the saved set's expiry no date at all.
 */
export const MAX_EXPIRES_IN_SECONDS = 315_360_000;
