/** One parser for every numeric flag, so they all accept the same forms and say the same thing. */
import { UsageError } from '../core/errors.ts';

export interface NumberRule {
  min: number;
  max: number;
  /** `min` itself is refused (a timeout of 0 waits for nothing). */
  aboveMin?: boolean;
  integer?: boolean;
  unit?: string;
  /** Printed after the error, e.g. what a special value means. */
  hint?: string;
}

export function numberFlag(value: string | undefined, flag: string, rule: NumberRule): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const ok =
    value.trim() !== '' && Number.isFinite(n) && (rule.aboveMin ? n > rule.min : n >= rule.min) && n <= rule.max && (!rule.integer || Number.isInteger(n));
  if (ok) return n;
  const what = `${rule.integer ? 'a whole number' : 'a number'}${rule.unit ? ` of ${rule.unit}` : ''}`;
  const range = rule.aboveMin ? `greater than ${rule.min} and at most ${rule.max}` : `from ${rule.min} to ${rule.max}`;
  throw new UsageError(`${flag} ${JSON.stringify(value)} is not valid: give ${what}, ${range}.`, {
    code: 'invalid_option',
    ...(rule.hint === undefined ? {} : { hint: rule.hint }),
  });
}

/** A wait in seconds: more than 0, at most an hour. */
export function secondsFlag(value: string | undefined, flag: string, fallback: number): number {
  return numberFlag(value, flag, { min: 0, aboveMin: true, max: 3600, unit: 'seconds' }) ?? fallback;
}

/** A whole number of seconds, 0 or more; undefined when the flag was not given. */
export function parseSeconds(value: string | undefined, flag: string): number | undefined {
  return numberFlag(value, flag, { min: 0, max: 999_999_999, integer: true, unit: 'seconds' });
}
