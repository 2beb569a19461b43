/**
 * `import { startEmulator } from 'pwless/emulator'`: the emulator for an app's test suite
 * (docs/emulator.md, "Library API"). It starts in-process on a free loopback port with the same
 * options as `pwless emulator`, and offers the control API's operations as methods: the same
 * functions the REST handlers call (control-operations.ts), with no HTTP round trip. The CLI never
 * imports this module, so it costs nothing to users who do not.
 */
import { isoTimeFromMs } from './clock.ts';
import * as control from './control-operations.ts';
import type { EmulatorContext } from './context.ts';
import type { ArmedFault } from './fault-store.ts';
import type { FaultSpec } from './faults.ts';
import type { EmulatorOptions } from './options.ts';
import type { OutboxMessage } from './outbox.ts';
import { launchEmulator } from './server.ts';
import type { Tenant } from './tenant.ts';

export { EmulatorConfigError } from './errors.ts';
export { EmulatorControlError, type ControlErrorCode } from './control-operations.ts';
export type { EmulatorOptions } from './options.ts';
export type { EndpointFault, FaultSpec, FaultTrigger, OutboxFault } from './faults.ts';
export type { Tenant, TenantClient, TenantConnection, TenantUser, TestCode } from './tenant.ts';

/** How long outbox.waitFor() waits when no timeoutMs is given. */
export const DEFAULT_WAIT_FOR_MS = 10_000;

/** One message of the outbox: what the emulator "sent" instead of an email or SMS. */
export interface EmulatorMessage {
  id: string;
  channel: 'email' | 'sms';
  /** The address or number as the client sent it. */
  to: string;
  send: 'code' | 'link';
  /** The one-time code (a link message carries its code too). */
  code: string;
  /** The magic link, for `send: "link"`. */
  link: string | null;
  /** ISO-8601 (UTC), on the emulator clock. */
  createdAt: string;
  expiresAt: string;
}

export interface WaitForOptions {
  /** How long to wait, 0–120000 ms; default 10000. */
  timeoutMs?: number;
  /** Only messages created strictly after this time (epoch ms on the emulator clock, e.g. `clock.now().epochMs - 1`); default: any kept message. */
  since?: number;
  /** Gives up the wait when aborted (rejects with EmulatorControlError `temporarily_unavailable`). */
  signal?: AbortSignal;
}

/** The emulator clock: the base clock plus an offset that advance() and set() move forward. */
export interface ClockReading {
  /** ISO-8601 (UTC). */
  now: string;
  epochMs: number;
  offsetMs: number;
}

/** An armed fault, with its uses left (`null`: until cleared) and how often it fired. */
export interface ArmedFaultInfo {
  id: string;
  spec: FaultSpec;
  remaining: number | null;
  fired: number;
}

export interface TestEmulator {
  /** Base URL without a trailing slash (`https` with TLS), e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** `url` + '/', the `iss` of its tokens. */
  readonly issuer: string;
  /** The tenant it serves; live: changes act at once. */
  readonly tenant: Tenant;
  readonly outbox: {
    /** Every kept message (to `to` only, when given; case-insensitive), newest first. */
    list(to?: string): EmulatorMessage[];
    /** The newest message to `to`, or undefined. */
    latest(to: string): EmulatorMessage | undefined;
    /** The newest message to `to` (after `since`), as soon as there is one; rejects with EmulatorControlError `no_message` after `timeoutMs`. */
    waitFor(to: string, options?: WaitForOptions): Promise<EmulatorMessage>;
    /** Removes every message (the codes stay valid). */
    clear(): void;
  };
  readonly clock: {
    now(): ClockReading;
    /** Moves the clock forward (0 to ten years, fractions allowed, never past 9999-12-31T23:59:59.999Z): codes expire, tokens age. */
    advance(seconds: number): ClockReading;
    /** Moves the clock forward to an ISO-8601 date-time with a zone, up to 9999-12-31T23:59:59.999Z; never back. */
    set(iso: string): ClockReading;
  };
  readonly faults: {
    /** Arms one fault or a list (docs/emulator.md, "Faults"); all or none. */
    arm(spec: FaultSpec | readonly FaultSpec[]): ArmedFaultInfo[];
    list(): ArmedFaultInfo[];
    clear(): void;
  };
  /** Forgets what requests created (codes, users, messages, refresh tokens, buckets, blocks, faults); keeps tenant, keys, clock. */
  reset(): void;
  /** A new signing key; the previous one stays in the JWKS until the next rotation. */
  rotateKeys(): Promise<control.RotatedKeys>;
  /** Stops it: pending waits reject, sockets close, no timer is left. Safe to call more than once. */
  close(): Promise<void>;
}

export type { RotatedKeys } from './control-operations.ts';

function message(m: OutboxMessage): EmulatorMessage {
  const { id, channel, to, send, code, link } = m;
  return { id, channel, to, send, code, link, createdAt: isoTimeFromMs(m.created_at), expiresAt: isoTimeFromMs(m.expires_at) };
}

function reading(state: control.ClockState): ClockReading {
  return { now: isoTimeFromMs(state.epochMs), epochMs: state.epochMs, offsetMs: state.offsetMs };
}

function armed(fault: ArmedFault): ArmedFaultInfo {
  return { id: fault.id, spec: fault.spec, remaining: fault.remaining ?? null, fired: fault.fired };
}

/** The control methods over one emulator's state. */
function controlsOf(emu: EmulatorContext): Omit<TestEmulator, 'url' | 'issuer' | 'tenant' | 'close'> {
  return {
    outbox: {
      list: (to) => control.outboxMessages(emu, to).map(message),
      latest: (to) => {
        const newest = control.outboxMessages(emu, to)[0];
        return newest === undefined ? undefined : message(newest);
      },
      waitFor: async (to, options = {}) => {
        const { timeoutMs = DEFAULT_WAIT_FOR_MS, since = 0, signal } = options;
        const found = await control.waitForMessages(emu, { to, since, timeoutMs, ...(signal === undefined ? {} : { signal }) });
        return message(found[0]!);
      },
      clear: () => control.clearOutbox(emu),
    },
    clock: {
      now: () => reading(control.readClock(emu)),
      advance: (seconds) => reading(control.advanceClock(emu, seconds, 'clock.advance(seconds)')),
      set: (iso) => reading(control.setClock(emu, iso, 'clock.set(iso)')),
    },
    faults: {
      arm: (spec) => control.armFaults(emu, spec).map(armed),
      list: () => control.listFaults(emu).map(armed),
      clear: () => control.clearFaults(emu),
    },
    reset: () => control.resetState(emu),
    rotateKeys: () => control.rotateKeys(emu),
  };
}

/**
 * Starts an emulator in this process. The options are `pwless emulator`'s (docs/emulator.md,
 * "Running it"), with `port` 0 (any free port) by default: a tenant file path or tenant object,
 * `seed`, `keyFile`, `tlsCert` + `tlsKey`, `startAt`, `limits`, `faults`, `onMessage`, ….
 * Bad options reject with EmulatorConfigError before anything listens.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const { running, context } = await launchEmulator({ port: 0, ...options });
  return { url: running.url, issuer: running.issuer, tenant: running.tenant, ...controlsOf(context), close: running.close };
}
