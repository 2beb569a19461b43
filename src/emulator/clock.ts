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

/** An ISO-8601 date-time with a time zone, e.g. `2030-01-01T00:00:00Z` (`--clock`, and setting the clock later). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Epoch ms of an ISO-8601 date-time with a zone; NaN for anything else (a date alone, no zone, not a string). */
export function isoInstantMs(value: unknown): number {
  return typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
}

/**
 * The range the emulator clock may be set or moved to (docs/emulator.md "Clock"). The latest time is
 * the last millisecond with a four-digit year, the range of an RFC 3339 `date-fullyear` (RFC 3339 §5.6),
 * so the clock always prints as `YYYY-MM-DDTHH:MM:SS.sssZ`; a JavaScript Date ends much later (year
 * 275760, ECMAScript "Time Values and Time Range"), and past it every ISO answer would throw. The
 * earliest is the Unix epoch: JWT times are seconds since it (RFC 7519 §2, NumericDate) and the
 * outbox's `since` is a non-negative epoch-ms integer, so a message from before 1970 could never be
 * waited for.
 */
export const CLOCK_MIN_MS = Date.UTC(1970, 0, 1);
export const CLOCK_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** The range in words, for the refusals. */
export const CLOCK_RANGE = `${new Date(CLOCK_MIN_MS).toISOString()} to ${new Date(CLOCK_MAX_MS).toISOString()}`;

/**
 * Why the emulator clock cannot be at `ms`, or undefined when it can: the one check behind
 * `--clock`, the `clock` option, `POST /__emulator/clock` and the library's `clock.advance`/`clock.set`.
 * Callers put their own field name in front and raise their own error type.
 */
export function clockRangeProblem(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return 'is not a time';
  if (ms < CLOCK_MIN_MS) return `is before ${isoTimeFromMs(CLOCK_MIN_MS)}, the earliest time of the emulator clock`;
  if (ms > CLOCK_MAX_MS) return `is after ${isoTimeFromMs(CLOCK_MAX_MS)}, the latest time of the emulator clock`;
  return undefined;
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
