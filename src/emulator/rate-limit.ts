/**
 * Rate limits as Auth0 applies them (docs/auth0-behaviour.md, B-RATE-3): a token bucket per key (here the source IP),
 * whose size is the burst and whose refill rate is the sustained limit. /passwordless/start: 50
 * burst, 50 per hour; /oauth/token: 30 burst, 30 per second (Free plan, B-RATE-1, B-RATE-2). Time is the
 * emulator clock, so `POST /__emulator/clock` refills buckets without waiting.
 */
import { OAuthError } from './errors.ts';

export interface BucketPolicy {
  /** Bucket size: the burst, and `x-ratelimit-limit`. */
  capacity: number;
  /** Tokens added per millisecond. */
  refillPerMs: number;
}

export interface RateVerdict {
  allowed: boolean;
  limit: number;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Epoch seconds at which the next token is added (now when the bucket is full). */
  resetAt: number;
  /** Whole seconds until a request would be allowed again (0 when allowed). */
  retryAfter: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets kept before full (= forgotten) ones are pruned, so many source IPs cannot grow memory. */
const PRUNE_ABOVE = 10_000;

/** The documented 429 text (docs/auth0-behaviour.md, B-RATE-4); Auth0's text on these endpoints is unknown. */
export const TOO_MANY_REQUESTS = 'Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.';

/** Auth0's documented policies (docs/auth0-behaviour.md, B-RATE-1, B-RATE-2: Free plan). */
export const START_POLICY = perPeriod(50, 3600_000);
export const TOKEN_POLICY = perPeriod(30, 1000);
/** The whole Authentication API (300 burst, 300 per minute): for injected 429s elsewhere. */
export const API_POLICY = perPeriod(300, 60_000);

/** `count` burst and `count` per `periodMs`, as Auth0's tables state limits. */
export function perPeriod(count: number, periodMs: number): BucketPolicy {
  return { capacity: count, refillPerMs: count / periodMs };
}

function verdictOf(policy: BucketPolicy, allowed: boolean, tokens: number, now: number): RateVerdict {
  const { capacity, refillPerMs } = policy;
  const whole = Math.floor(tokens + 1e-9);
  const untilNext = tokens >= capacity ? 0 : (whole + 1 - tokens) / refillPerMs;
  return {
    allowed,
    limit: capacity,
    remaining: Math.max(0, whole),
    resetAt: Math.ceil((now + untilNext) / 1000),
    retryAfter: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)),
  };
}

/** What an empty bucket of `policy` says: the headers of an injected 429 (faults). */
export function emptyBucket(policy: BucketPolicy, now: number): RateVerdict {
  return verdictOf(policy, false, 0, now);
}

export class RateLimiter {
  readonly policy: BucketPolicy;
  #buckets = new Map<string, Bucket>();

  constructor(policy: BucketPolicy) {
    this.policy = policy;
  }

  #refilled(key: string, now: number): Bucket {
    const bucket = this.#buckets.get(key) ?? { tokens: this.policy.capacity, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    return { tokens: Math.min(this.policy.capacity, bucket.tokens + elapsed * this.policy.refillPerMs), updatedAt: now };
  }

  /** Takes one token for `key` at time `now` (ms), if there is one. */
  take(key: string, now: number): RateVerdict {
    const bucket = this.#refilled(key, now);
    const allowed = bucket.tokens >= 1 - 1e-9;
    if (allowed) bucket.tokens = Math.max(0, bucket.tokens - 1);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > PRUNE_ABOVE) this.#prune(now);
    return verdictOf(this.policy, allowed, bucket.tokens, now);
  }

  #prune(now: number): void {
    for (const key of [...this.#buckets.keys()]) {
      if (this.#refilled(key, now).tokens >= this.policy.capacity) this.#buckets.delete(key);
    }
  }

  clear(): void {
    this.#buckets.clear();
  }
}

/** `x-ratelimit-*` (docs/auth0-behaviour.md, B-RATE-5), and `retry-after` on a refusal (B-RATE-6). */
export function rateLimitHeaders(verdict: RateVerdict): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(verdict.limit),
    'x-ratelimit-remaining': String(verdict.remaining),
    'x-ratelimit-reset': String(verdict.resetAt),
  };
  if (!verdict.allowed) headers['retry-after'] = String(verdict.retryAfter);
  return headers;
}

/** 429 `too_many_requests` with the headers of the empty bucket. */
export function tooManyRequests(verdict: RateVerdict): OAuthError {
  return new OAuthError(429, 'too_many_requests', TOO_MANY_REQUESTS, { headers: rateLimitHeaders(verdict) });
}
