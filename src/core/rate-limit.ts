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
  const int = (name: string) => (headers[name] !== undefined && /^\d+$/.test(headers[name].trim()) ? Number(headers[name]) : null);
  const resetSeconds = int('x-ratelimit-reset');
  const rateLimit: RateLimit = {
    limit: int('x-ratelimit-limit'),
    remaining: int('x-ratelimit-remaining'),
    reset: resetSeconds === null ? null : new Date(resetSeconds * 1000).toISOString(),
    retry_after: retryAfterSeconds(headers['retry-after'], now),
  };
  return Object.values(rateLimit).some((v) => v !== null) ? rateLimit : undefined;
}

function retryAfterSeconds(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
