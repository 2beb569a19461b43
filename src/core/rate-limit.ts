/**
 * The rate-limit headers of an answer, read once so that scripts can back off: Auth0 sends
 * `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (epoch seconds) on its
 * Authentication API (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy),
 * and `retry-after` (seconds, or an HTTP date: RFC 9110 §10.2.3) may come with a 429.
 */
export interface RateLimit {
  limit: number | null;
  remaining: number | null;
  /** ISO 8601. */
  reset: string | null;
  /** Seconds to wait. */
  retry_after: number | null;
}

export function rateLimitOf(headers: Readonly<Record<string, string>>, now = Date.now()): RateLimit | undefined {
  const rateLimit: RateLimit = {
    limit: wholeNumber(headers['x-ratelimit-limit']),
    remaining: wholeNumber(headers['x-ratelimit-remaining']),
    reset: epochSecondsIso(headers['x-ratelimit-reset']) ?? null,
    retry_after: retryAfterSeconds(headers['retry-after'], now),
  };
  return Object.values(rateLimit).some((v) => v !== null) ? rateLimit : undefined;
}

/** An `x-ratelimit-reset` (epoch seconds) as ISO time; undefined when it is no time at all (a header is network input). */
export function epochSecondsIso(value: string | undefined): string | undefined {
  const seconds = wholeNumber(value);
  const date = seconds === null ? undefined : new Date(seconds * 1000);
  return date === undefined || Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function wholeNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d{1,15}\s*$/.test(value)) return null;
  return Number(value);
}

function retryAfterSeconds(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const seconds = wholeNumber(value);
  if (seconds !== null) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
