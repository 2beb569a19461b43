/**
 * One parser for every numeric flag, so they all accept the same forms and say the same thing. A
 * bad value's `error.code` names the flag it came from (docs/errors.md): scripts can tell a bad
 * --timeout from a bad --otp-timeout.
 */
import type { CodeOf } from '../core/error-codes.ts';
import { UsageError } from '../core/errors.ts';

/** The code of a bad value, per flag (or variable). The emulator's own settings share one: it checks them against one table. */
const INVALID_VALUE_CODES = {
  '--timeout': 'invalid_timeout',
  '--otp-timeout': 'invalid_otp_timeout',
  '--otp-lifetime': 'invalid_otp_lifetime',
  PWLESS_OTP_LIFETIME: 'invalid_otp_lifetime',
  '--listen': 'invalid_listen_port',
  '--listen-timeout': 'invalid_listen_timeout',
  '--leeway': 'invalid_leeway',
  '--max-age': 'invalid_max_age',
  '--port': 'invalid_emulator_option',
  '--otp-length': 'invalid_emulator_option',
  '--otp-ttl': 'invalid_emulator_option',
  '--start-limit': 'invalid_emulator_option',
  '--token-limit': 'invalid_emulator_option',
  '--brute-force-threshold': 'invalid_emulator_option',
  '--outbox-per-recipient': 'invalid_emulator_option',
  '--outbox-total': 'invalid_emulator_option',
  '--repeat': 'invalid_repeat',
  '--concurrency': 'invalid_concurrency',
  '--expect-ttl-min': 'invalid_expect_ttl_min',
  '--smtp-timeout': 'invalid_emulator_option',
  '--sms-gateway-timeout': 'invalid_emulator_option',
} as const satisfies Record<string, CodeOf<'usage'>>;

/** A flag (or environment variable) that holds a number. */
export type NumericFlag = keyof typeof INVALID_VALUE_CODES;

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

export function numberFlag(value: string | undefined, flag: NumericFlag, rule: NumberRule): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const ok =
    value.trim() !== '' && Number.isFinite(n) && (rule.aboveMin ? n > rule.min : n >= rule.min) && n <= rule.max && (!rule.integer || Number.isInteger(n));
  if (ok) return n;
  const what = `${rule.integer ? 'a whole number' : 'a number'}${rule.unit ? ` of ${rule.unit}` : ''}`;
  const range = rule.aboveMin ? `greater than ${rule.min} and at most ${rule.max}` : `from ${rule.min} to ${rule.max}`;
  throw new UsageError(`${flag} ${JSON.stringify(value)} is not valid: give ${what}, ${range}.`, {
    code: INVALID_VALUE_CODES[flag],
    ...(rule.hint === undefined ? {} : { hint: rule.hint }),
  });
}

/** A wait in seconds: more than 0, at most an hour. */
export function secondsFlag(value: string | undefined, flag: NumericFlag, fallback: number): number {
  return numberFlag(value, flag, { min: 0, aboveMin: true, max: 3600, unit: 'seconds' }) ?? fallback;
}

/** A whole number of seconds, 0 or more; undefined when the flag was not given. */
export function parseSeconds(value: string | undefined, flag: '--leeway' | '--max-age'): number | undefined {
  return numberFlag(value, flag, { min: 0, max: 999_999_999, integer: true, unit: 'seconds' });
}
