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
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
