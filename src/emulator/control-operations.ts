/**
 * The control operations of a running emulator (docs/emulator.md, "Control API" and "Library
 * API"): read and clear the outbox, wait for a message, read, advance and set the clock, arm and
 * clear faults, reset, rotate keys. This is the one implementation: the REST handlers in
 * actions/control*.ts parse a request and call these, and the library (library.ts) calls them
 * directly, so both surfaces check the same values with the same words and change state the same
 * way. A refusal is an EmulatorControlError whose code is the REST answer's `error`.
 */
import { CLOCK_MAX_MS, CLOCK_RANGE, clockRangeProblem, isoInstantMs, isoTimeFromMs } from './clock.ts';
import type { EmulatorContext } from './context.ts';
import { forgetLoginTransactions } from './login-transactions.ts';
import type { ArmedFault } from './fault-store.ts';
import { parseFaults } from './faults.ts';
import type { OutboxMessage } from './outbox.ts';
import { number, SchemaError, shownValue } from './schema.ts';

/** What a refused control operation answers over REST: 400, 404 (a wait ran out) or 503 (closing). */
export type ControlErrorCode = 'invalid_request' | 'no_message' | 'temporarily_unavailable';

export class EmulatorControlError extends Error {
  override readonly name = 'EmulatorControlError';
  readonly code: ControlErrorCode;

  constructor(code: ControlErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const invalid = (message: string) => new EmulatorControlError('invalid_request', message);

/** The default and longest outbox wait over REST (a library caller picks its own default). */
export const DEFAULT_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 120_000;
/** Ten years: far enough for any expiry, short of overflowing a Date. */
export const MAX_ADVANCE_SECONDS = 10 * 366 * 24 * 3600;

export function health(emu: EmulatorContext): { status: 'ok'; waiting: number } {
  return { status: 'ok', waiting: emu.outbox.waiting };
}

/** Every kept message (to `to` only, when given; case-insensitive), newest first. */
export function outboxMessages(emu: EmulatorContext, to?: string): OutboxMessage[] {
  return emu.outbox.list(to);
}

/** Removes every message and cancels delayed deliveries; the codes stay valid. */
export function clearOutbox(emu: EmulatorContext): void {
  emu.outbox.clear();
}

export interface WaitRequest {
  to: string;
  /** Only messages created strictly after this time (epoch ms, emulator clock). */
  since: number;
  timeoutMs: number;
  /** Stops the wait (the client went away); the emulator's close() stops it too. */
  signal?: AbortSignal;
}

/** The messages to `to` after `since`, as soon as there is one; no_message when none comes in time. */
export async function waitForMessages(emu: EmulatorContext, request: WaitRequest): Promise<OutboxMessage[]> {
  const { to, since, timeoutMs } = request;
  // The REST handler has checked its query already; these checks speak to a library caller.
  if (typeof to !== 'string' || to === '') throw invalid('to: give the email address or phone number the message was sent to.');
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > MAX_WAIT_MS) {
    throw invalid(`timeoutMs: must be an integer from 0 to ${MAX_WAIT_MS}, not ${String(timeoutMs)}.`);
  }
  if (!Number.isFinite(since)) throw invalid(`since: must be a time in epoch milliseconds (emulator clock), not ${String(since)}.`);
  const signal = request.signal === undefined ? emu.shutdown : AbortSignal.any([request.signal, emu.shutdown]);
  const outcome = await emu.outbox.wait(to, since, timeoutMs, signal);
  if (outcome === 'timeout') throw new EmulatorControlError('no_message', `No message to ${to} after ${since} within ${timeoutMs} ms.`);
  if (outcome === 'closed') throw new EmulatorControlError('temporarily_unavailable', 'The emulator is shutting down.');
  return outcome;
}

export interface ClockState {
  /** The emulator clock, epoch ms. */
  epochMs: number;
  /** How far it is from its base clock. */
  offsetMs: number;
}

export function readClock(emu: EmulatorContext): ClockState {
  return { epochMs: emu.clock.now(), offsetMs: emu.clock.offsetMs };
}

/** Moves the clock forward `seconds` (0 to ten years, fractions allowed); `field` names the value in errors. */
export function advanceClock(emu: EmulatorContext, seconds: unknown, field: string): ClockState {
  let ms: number;
  try {
    ms = Math.round(number(field, seconds, 0, MAX_ADVANCE_SECONDS) * 1000);
  } catch (err) {
    if (err instanceof SchemaError) throw invalid(`${err.message}.`);
    throw err;
  }
  const now = emu.clock.now();
  const problem = clockRangeProblem(now + ms);
  if (problem !== undefined) {
    const room = Math.max(0, Math.floor((CLOCK_MAX_MS - now) / 1000));
    throw invalid(`${field}: ${isoTimeFromMs(now)} + ${String(seconds)} s ${problem}; advance it at most ${room} seconds.`);
  }
  emu.clock.advance(ms);
  return readClock(emu);
}

/** Sets the clock to an ISO-8601 date-time with a zone, now or later (the clock never moves back), within its range. */
export function setClock(emu: EmulatorContext, iso: unknown, field: string): ClockState {
  const target = isoInstantMs(iso);
  if (!Number.isFinite(target)) {
    throw invalid(`${field}: must be an ISO-8601 date-time with a time zone, e.g. 2030-01-01T00:00:00Z, not ${shownValue(iso)}.`);
  }
  const problem = clockRangeProblem(target);
  if (problem !== undefined) throw invalid(`${field}: ${String(iso)} ${problem}; give a time from ${CLOCK_RANGE}.`);
  const now = emu.clock.now();
  if (target < now) {
    throw invalid(`${field}: ${String(iso)} is before the emulator clock (${isoTimeFromMs(now)}); the clock only moves forward (reset keeps it).`);
  }
  emu.clock.advance(target - now);
  return readClock(emu);
}

/** Arms one fault or a list (the schema of faults.ts); nothing is armed when one of them is invalid. */
export function armFaults(emu: EmulatorContext, value: unknown): ArmedFault[] {
  let specs: ReturnType<typeof parseFaults>;
  try {
    specs = parseFaults(value);
  } catch (err) {
    if (err instanceof SchemaError) throw invalid(`Invalid fault: ${err.message}.`);
    throw err;
  }
  return specs.map((spec) => emu.faults.arm(spec));
}

export function listFaults(emu: EmulatorContext): ArmedFault[] {
  return emu.faults.list();
}

export function clearFaults(emu: EmulatorContext): void {
  emu.faults.clear();
}

/**
 * Forgets what requests created: codes (and the used and superseded ones), authorization codes, login tickets,
 * users that logged in, outbox messages (and delayed deliveries), refresh tokens, rate-limit
 * buckets, brute-force counts and armed faults. It keeps the tenant, the signing keys, the clock
 * and the random streams, so it never moves time back and tokens signed before it still verify.
 */
export function resetState(emu: EmulatorContext): void {
  emu.otps.replace([]);
  emu.users.replace([]);
  emu.outbox.clear();
  emu.refreshTokens.replace([]);
  emu.authCodes.replace([]);
  emu.loginTickets.clear();
  forgetLoginTransactions(emu);
  emu.limits?.start.clear();
  emu.limits?.token.clear();
  emu.limits?.bruteForce.clear();
  emu.faults.clear();
}

export interface RotatedKeys {
  kid: string;
  previousKid: string;
  /** The kids the JWKS now serves, the signing one first. */
  keys: string[];
}

/** A new signing key; the previous one stays in the JWKS until the next rotation. */
export async function rotateKeys(emu: EmulatorContext): Promise<RotatedKeys> {
  const previous = emu.keys.current;
  const current = await emu.keys.rotate();
  return { kid: current.kid, previousKid: previous.kid, keys: emu.keys.publicJwks().map((key) => key.kid) };
}
