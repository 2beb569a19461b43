/** Time, injectable so tests can expire codes without waiting (design.md §6). */

export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** JWT NumericDate: whole seconds since the epoch (RFC 7519 §2). */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}

/** ISO-8601 in UTC, as the control API and `updated_at` show times. */
export function isoTimeFromMs(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The emulator's clock: a base clock (the system's, or one a test injects) plus an offset that
 * `--clock <iso>` sets and `POST /__emulator/clock` moves forward. It keeps running at the base
 * clock's speed, so messages and tokens created one after another keep distinct times. Code
 * expiry, token `iat`/`exp`, rate-limit refill and brute-force blocks all read it.
 */
export class ControlledClock implements Clock {
  readonly #base: Clock;
  #offsetMs = 0;

  constructor(base: Clock, startAt?: number) {
    this.#base = base;
    if (startAt !== undefined) this.#offsetMs = startAt - base.now();
  }

  now(): number {
    return this.#base.now() + this.#offsetMs;
  }

  /** Moves time forward; never backward, so no code or token becomes "younger". */
  advance(ms: number): void {
    this.#offsetMs += Math.max(0, ms);
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }
}
