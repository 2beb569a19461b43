/**
 * Validation of `startEmulator` options. Each bad value throws an EmulatorConfigError that names
 * the option and the fix, before anything listens or generates keys.
 */
import { CLOCK_RANGE, clockRangeProblem, isoInstantMs, systemClock, type Clock } from './clock.ts';
import {
  DEFAULT_OUTBOX_CAPS,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_LIMITS,
  DEFAULT_OTP_LENGTH,
  DEFAULT_OTP_TTL_SECONDS,
  DEFAULT_PORT,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_OTP_TTL_SECONDS,
} from './defaults.ts';
import { resolveDeliverySettings, type DeliveryOptions, type DeliverySettings } from './delivery-options.ts';
import { EmulatorConfigError } from './errors.ts';
import { parseFault, type FaultSpec } from './faults.ts';
import type { OutboxCaps } from './outbox.ts';
import { SchemaError } from './schema.ts';

/** What startEmulator() takes; resolveEmulatorSettings() below checks each value (delivery-options.ts the real-delivery ones). */
export interface EmulatorOptions extends DeliveryOptions {
  /** Default '127.0.0.1' (loopback only, design.md §4). */
  host?: string;
  /** Default 4010; 0 = any free port. */
  port?: number;
  /** Makes codes, user ids, `_id`s, message ids, refresh tokens and jtis repeatable (random.ts). */
  seed?: string;
  /** PEM (PKCS#8 or PKCS#1) or private JWK file holding an RSA key; default: a new key per run. */
  keyFile?: string;
  /** Digits per code, 4–10; default 6. A connection's `otp_length` wins. */
  otpLength?: number;
  /** Code lifetime in seconds; default 300 (docs/auth0-behaviour.md, B-OTP-3: unknown). A connection's `otp_ttl_seconds` wins. */
  otpTtlSeconds?: number;
  /** Epoch ms; default Date.now. The emulator clock runs on it (plus `startAt` and advances). */
  clock?: { now(): number };
  /** ISO-8601 time the emulator clock starts at (`--clock`); then it runs and can be advanced. */
  startAt?: string;
  /** A tenant file path (`--tenant`) or a tenant object; default: the default tenant. */
  tenant?: string | object;
  /** Rate limits and brute-force protection: on by default; false turns them off (`--no-limits`). */
  limits?: boolean | Partial<LimitSettings>;
  /** Faults armed at start (`--fault`): fault objects, or their JSON texts. */
  faults?: unknown[];
  /** PEM certificate and key files: serve HTTPS (`--tls-cert`, `--tls-key`). */
  tlsCert?: string;
  tlsKey?: string;
  /** Keep state in this JSON file across restarts (`--state-file`); default: memory only. */
  stateFile?: string;
  /** One human line per outbox message, and per unexpected server error. */
  onMessage?: (line: string) => void;
  /** Time a client may take to send the request headers (default 10 s; slow-loris guard). */
  headersTimeoutMs?: number;
  /** Time a client may take to send the whole request, body included (default 30 s); not the time to answer it. */
  requestTimeoutMs?: number;
  /** Outbox messages kept per recipient (default 100); past it the recipient's oldest is dropped. */
  outboxPerRecipient?: number;
  /** Outbox messages kept in all (default 10000); past it the oldest is dropped. */
  outboxTotal?: number;
}

/** Rate limits and brute-force protection (docs/auth0-behaviour.md, B-RATE-1, B-RATE-2, B-ATTACK-1): Free-plan numbers by default. */
export interface LimitSettings {
  /** /passwordless/start: burst and sustained per hour, per source IP (50). */
  startPerHour: number;
  /** /oauth/token: burst and sustained per second, per source IP (30). */
  tokenPerSecond: number;
  /** Failed codes for one identity from one IP before 429 `too_many_attempts` (10; Auth0 allows 1–100). */
  bruteForceThreshold: number;
}

export interface EmulatorSettings {
  host: string;
  port: number;
  seed: string | undefined;
  keyFile: string | undefined;
  otpLength: number;
  otpTtlSeconds: number;
  clock: Clock;
  /** Epoch ms the emulator clock starts at (`--clock`); the base clock's time when absent. */
  startAt: number | undefined;
  /** A tenant file path or a tenant object; the default tenant when absent (tenant-file.ts). */
  tenant: string | object | undefined;
  limits: LimitSettings | false;
  faults: FaultSpec[];
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  stateFile: string | undefined;
  onMessage: (line: string) => void;
  /** How long a client may take to send the request headers, and the whole request (http-server.ts). */
  timeouts: ServerTimeouts;
  /** SMTP and SMS gateway delivery besides the outbox. */
  delivery: DeliverySettings;
  /** How many messages the outbox keeps (outbox.ts). */
  outboxCaps: OutboxCaps;
}

export interface ServerTimeouts {
  headersMs: number;
  requestMs: number;
}

/** Node refuses a headers timeout longer than the request timeout (ERR_OUT_OF_RANGE), so the pair is checked here. */
function resolveTimeouts(headersMs: unknown, requestMs: unknown): ServerTimeouts {
  const max = 600_000;
  const timeouts = {
    headersMs:
      headersMs === undefined
        ? DEFAULT_HEADERS_TIMEOUT_MS
        : integerIn('headersTimeoutMs', headersMs, 1, max, `use an integer number of milliseconds from 1 to ${max} (default ${DEFAULT_HEADERS_TIMEOUT_MS})`),
    requestMs:
      requestMs === undefined
        ? DEFAULT_REQUEST_TIMEOUT_MS
        : integerIn('requestTimeoutMs', requestMs, 1, max, `use an integer number of milliseconds from 1 to ${max} (default ${DEFAULT_REQUEST_TIMEOUT_MS})`),
  };
  if (timeouts.headersMs > timeouts.requestMs) {
    fail(
      'headersTimeoutMs',
      `Invalid headersTimeoutMs ${timeouts.headersMs}: it must not be longer than requestTimeoutMs (${timeouts.requestMs}), which includes the headers.`,
    );
  }
  return timeouts;
}

/** The ranges of the numeric options; the CLI checks its flags against the same ones, so both say the same. */
export const OPTION_RANGES = {
  port: { min: 0, max: 65535 },
  otpLength: { min: 4, max: 10 },
  otpTtlSeconds: { min: 1, max: MAX_OTP_TTL_SECONDS },
  startPerHour: { min: 1, max: 1_000_000 },
  tokenPerSecond: { min: 1, max: 1_000_000 },
  bruteForceThreshold: { min: 1, max: 100 },
  outboxPerRecipient: { min: 1, max: 1_000_000 },
  outboxTotal: { min: 1, max: 10_000_000 },
} as const;

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

/** `--clock`: an ISO-8601 date-time with a time zone, within the emulator clock's range, as epoch ms. */
function isoInstant(value: unknown): number {
  const ms = isoInstantMs(value);
  if (!Number.isFinite(ms)) {
    fail('startAt', `Invalid clock start ${shown(value)}: give an ISO-8601 date-time with a time zone, e.g. 2030-01-01T00:00:00Z.`);
  }
  const problem = clockRangeProblem(ms);
  if (problem !== undefined) fail('startAt', `Invalid clock start ${shown(value)}: it ${problem}; give a time from ${CLOCK_RANGE}.`);
  return ms;
}

/** The base clock, checked once at start when no `startAt` moves the emulator clock off it. */
function baseClock(clock: EmulatorOptions['clock'], startAt: unknown): Clock {
  if (clock === undefined) return systemClock;
  if (typeof clock?.now !== 'function') fail('clock', 'Invalid clock: give an object with a now() method that returns epoch milliseconds.');
  if (startAt === undefined) {
    const now = clock.now();
    const problem = clockRangeProblem(now);
    if (problem !== undefined)
      fail('clock', `Invalid clock: its now() returned ${shown(now)}, which ${problem}; return a time from ${CLOCK_RANGE}, or give startAt.`);
  }
  return clock;
}

function resolveLimits(value: EmulatorOptions['limits']): LimitSettings | false {
  if (value === undefined || value === true) return { ...DEFAULT_LIMITS };
  if (value === false) return false;
  if (value === null || typeof value !== 'object') fail('limits', 'Invalid limits: give true, false, or an object of limits.');
  const pick = (name: keyof LimitSettings, fix: string): number =>
    value[name] === undefined ? DEFAULT_LIMITS[name] : integerIn(name, value[name], OPTION_RANGES[name].min, OPTION_RANGES[name].max, fix);
  return {
    startPerHour: pick('startPerHour', 'use an integer from 1 to 1000000 (default 50)'),
    tokenPerSecond: pick('tokenPerSecond', 'use an integer from 1 to 1000000 (default 30)'),
    bruteForceThreshold: pick('bruteForceThreshold', 'use an integer from 1 to 100 (default 10), as Auth0 allows'),
  };
}

/** Faults to arm at start (`--fault <json>`): objects, or JSON texts of objects. */
function resolveFaults(value: unknown): FaultSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('faults', 'Invalid faults: give a list of fault objects.');
  return value.map((item, index) => {
    let parsed: unknown = item;
    if (typeof item === 'string') {
      try {
        parsed = JSON.parse(item);
      } catch (err) {
        fail('faults', `Invalid fault ${index + 1} ${shown(item)}: not valid JSON (${(err as Error).message}).`);
      }
    }
    try {
      return parseFault(parsed);
    } catch (err) {
      if (err instanceof SchemaError) fail('faults', `Invalid fault ${index + 1}: ${err.message}. See docs/emulator.md "Faults".`);
      throw err;
    }
  });
}

function filePath(option: string, what: string) {
  return (value: string | undefined): string | undefined => (value === undefined ? undefined : nonEmptyString(option, value, `give the path of ${what}`));
}

export function resolveEmulatorSettings(options: EmulatorOptions = {}): EmulatorSettings {
  const { host, port, seed, keyFile, otpLength, otpTtlSeconds, clock, onMessage, startAt, tenant, tlsCert, tlsKey, stateFile } = options;
  if (tenant !== undefined && typeof tenant !== 'string' && (tenant === null || typeof tenant !== 'object')) {
    fail('tenant', 'Invalid tenant: give the path of a tenant file, or a tenant object.');
  }
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    fail(tlsCert === undefined ? 'tlsCert' : 'tlsKey', 'Give both a TLS certificate and its private key (--tls-cert and --tls-key), or neither.');
  }
  if (onMessage !== undefined && typeof onMessage !== 'function') {
    fail('onMessage', 'Invalid onMessage: give a function that takes one line of text.');
  }
  const given = <T>(value: T | undefined, fallback: T, check: (v: T) => T): T => (value === undefined ? fallback : check(value));
  return {
    host: given(host, '127.0.0.1', (v) => nonEmptyString('host', v, 'give a host name or IP address such as 127.0.0.1')),
    port: given(port, DEFAULT_PORT, (v) =>
      integerIn('port', v, OPTION_RANGES.port.min, OPTION_RANGES.port.max, 'use an integer from 0 to 65535 (0 picks any free port)'),
    ),
    seed: given<string | undefined>(seed, undefined, (v) => nonEmptyString('seed', v, 'use a non-empty string, or leave the seed out for random values')),
    keyFile: given<string | undefined>(keyFile, undefined, (v) => nonEmptyString('keyFile', v, 'give the path of a PEM or JWK private key file')),
    otpLength: given(otpLength, DEFAULT_OTP_LENGTH, (v) =>
      integerIn('otpLength', v, OPTION_RANGES.otpLength.min, OPTION_RANGES.otpLength.max, 'use an integer from 4 to 10 (default 6)'),
    ),
    otpTtlSeconds: given(otpTtlSeconds, DEFAULT_OTP_TTL_SECONDS, (v) =>
      integerIn(
        'otpTtlSeconds',
        v,
        OPTION_RANGES.otpTtlSeconds.min,
        OPTION_RANGES.otpTtlSeconds.max,
        `use a whole number of seconds from 1 to ${MAX_OTP_TTL_SECONDS} (one year; default 300)`,
      ),
    ),
    clock: baseClock(clock, startAt),
    startAt: startAt === undefined ? undefined : isoInstant(startAt),
    tenant: tenant === undefined ? undefined : typeof tenant === 'string' ? nonEmptyString('tenant', tenant, 'give the path of a tenant file') : tenant,
    limits: resolveLimits(options.limits),
    faults: resolveFaults(options.faults),
    tlsCert: filePath('tlsCert', 'a PEM certificate')(tlsCert),
    tlsKey: filePath('tlsKey', 'a PEM private key')(tlsKey),
    stateFile: filePath('stateFile', 'a JSON file to keep the state in')(stateFile),
    onMessage: onMessage ?? (() => {}),
    timeouts: resolveTimeouts(options.headersTimeoutMs, options.requestTimeoutMs),
    delivery: resolveDeliverySettings(options),
    outboxCaps: {
      perRecipient: given(options.outboxPerRecipient, DEFAULT_OUTBOX_CAPS.perRecipient, (v) =>
        integerIn(
          'outboxPerRecipient',
          v,
          OPTION_RANGES.outboxPerRecipient.min,
          OPTION_RANGES.outboxPerRecipient.max,
          'use an integer from 1 to 1000000 (default 100)',
        ),
      ),
      total: given(options.outboxTotal, DEFAULT_OUTBOX_CAPS.total, (v) =>
        integerIn('outboxTotal', v, OPTION_RANGES.outboxTotal.min, OPTION_RANGES.outboxTotal.max, 'use an integer from 1 to 10000000 (default 10000)'),
      ),
    },
  };
}
