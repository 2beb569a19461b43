/**
 * How a --repeat honours 429: when any run is told to slow down, every run waits — as long as the
 * tenant said (`retry-after`, else until `x-ratelimit-reset`), never less than a second and never
 * more than MAX_WAIT_MS at a time — and the told run starts again. No run is started while the
 * gate is shut, so a repeat never hammers a tenant that said stop
 * (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy).
 * A 429 means the request was not handled: no code was sent, so starting again voids nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimitedError, type PwlessError } from '../../core/errors.ts';
import { rateLimitOf } from '../../core/rate-limit.ts';

export const MAX_WAIT_MS = 60_000;
/** All the waits of one repeat together: past this, a 429 is a failure like any other. */
export const MAX_TOTAL_WAIT_MS = 300_000;
/** Times one run is started again after a 429. */
export const MAX_RETRIES_PER_RUN = 3;

export class RateGate {
  #openAt = 0;
  waits = 0;
  waitedMs = 0;

  /** The wait a failure asks for, or undefined when it is not a rate limit to wait out (attack protection blocks are not). */
  waitFor(error: PwlessError | undefined, now = Date.now()): number | undefined {
    if (!(error instanceof RateLimitedError) || error.code !== 'too_many_requests') return undefined;
    const limit = rateLimitOf(error.headers, now);
    const resetMs = limit?.reset ? Date.parse(limit.reset) - now : undefined;
    const told = limit?.retry_after != null ? limit.retry_after * 1000 : resetMs;
    const wait = Math.min(MAX_WAIT_MS, Math.max(1000, told ?? 1000));
    return this.waitedMs + wait > MAX_TOTAL_WAIT_MS ? undefined : wait;
  }

  /** Shuts the gate for `ms` (from now); the total counts each pause once, however many runs hit it. */
  shut(ms: number, now = Date.now()): void {
    const until = now + ms;
    if (until <= this.#openAt) return;
    this.waits++;
    this.waitedMs += until - Math.max(now, this.#openAt);
    this.#openAt = until;
  }

  async pass(signal: AbortSignal | undefined): Promise<void> {
    for (let wait = this.#openAt - Date.now(); wait > 0; wait = this.#openAt - Date.now()) await sleep(wait, undefined, { signal });
  }
}
