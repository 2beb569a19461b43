/**
 * Validation of `startEmulator` options. Each bad value throws an EmulatorConfigError that names
 * the option and the fix, before anything listens or generates keys.
 */
import { systemClock, type Clock } from './clock.ts';
import { EmulatorConfigError } from './errors.ts';
import type { EmulatorOptions } from './server.ts';

export interface Settings {
  host: string;
  port: number;
  seed: string | undefined;
  keyFile: string | undefined;
  otpLength: number;
  otpTtlSeconds: number;
  clock: Clock;
  onMessage: (line: string) => void;
}

export const DEFAULT_PORT = 4010;
export const DEFAULT_OTP_LENGTH = 6;
export const DEFAULT_OTP_TTL_SECONDS = 300;

function fail(option: string, message: string): never {
  throw new EmulatorConfigError(option, message);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function integerIn(option: string, value: unknown, min: number, max: number, fix: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(option, `Invalid ${option} ${shown(value)}: ${fix}.`);
  }
  return value;
}

function nonEmptyString(option: string, value: unknown, fix: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fail(option, `Invalid ${option} ${shown(value)}: ${fix}.`);
  }
  return value;
}

export function resolveSettings(options: EmulatorOptions = {}): Settings {
  const { host, port, seed, keyFile, otpLength, otpTtlSeconds, clock, onMessage } = options;
  if (clock !== undefined && typeof clock?.now !== 'function') {
    fail('clock', 'Invalid clock: give an object with a now() method that returns epoch milliseconds.');
  }
  if (onMessage !== undefined && typeof onMessage !== 'function') {
    fail('onMessage', 'Invalid onMessage: give a function that takes one line of text.');
  }
  const given = <T>(value: T | undefined, fallback: T, check: (v: T) => T): T =>
    value === undefined ? fallback : check(value);
  return {
    host: given(host, '127.0.0.1', (v) =>
      nonEmptyString('host', v, 'give a host name or IP address such as 127.0.0.1'),
    ),
    port: given(port, DEFAULT_PORT, (v) =>
      integerIn('port', v, 0, 65535, 'use an integer from 0 to 65535 (0 picks any free port)'),
    ),
    seed: given<string | undefined>(seed, undefined, (v) =>
      nonEmptyString('seed', v, 'use a non-empty string, or leave the seed out for random values'),
    ),
    keyFile: given<string | undefined>(keyFile, undefined, (v) =>
      nonEmptyString('keyFile', v, 'give the path of a PEM or JWK private key file'),
    ),
    otpLength: given(otpLength, DEFAULT_OTP_LENGTH, (v) =>
      integerIn('otpLength', v, 4, 10, 'use an integer from 4 to 10 (default 6)'),
    ),
    otpTtlSeconds: given(otpTtlSeconds, DEFAULT_OTP_TTL_SECONDS, (v) =>
      integerIn('otpTtlSeconds', v, 1, Number.MAX_SAFE_INTEGER, 'use a whole number of seconds, 1 or more (default 300)'),
    ),
    clock: clock ?? systemClock,
    onMessage: onMessage ?? (() => {}),
  };
}
