/**
 * Code source `emulator`: the outbox of a pwless emulator (docs/emulator.md) stands in for the
 * mailbox. Long-polls /__emulator/outbox/wait for the first message to the identity that is newer
 * than the moment the code was requested, so an older code is never picked up.
 */
import { NetworkError, UsageError } from '../core/errors.ts';
import { send, type HttpOptions } from '../core/http.ts';

/** A message as GET /__emulator/outbox sends it (docs/emulator.md), times as ISO strings. */
export interface OutboxMessageJson {
  id: string;
  channel: string;
  to: string;
  send: string;
  code: string;
  link: string | null;
  created_at: string;
  expires_at: string;
}

/** The emulator answers one wait for at most this long (docs/emulator.md); longer waits are made of several. */
const MAX_WAIT_MS = 120_000;

export async function codeFromEmulator(base: URL, to: string, sinceMs: number, waitMs: number, http: HttpOptions): Promise<OutboxMessageJson> {
  // The outbox dates messages by the emulator's clock, which `--clock` may set apart from ours. It
  // lists messages created strictly after `since`, and on loopback a send can be dated the very
  // millisecond `sinceMs` was taken: ask from one millisecond before it.
  const since = sinceMs - 1 + (await clockOffset(base, http));
  const deadline = Date.now() + waitMs;
  for (;;) {
    const slice = Math.min(MAX_WAIT_MS, Math.max(1, deadline - Date.now()));
    const message = await waitOnce(base, to, since, slice, http);
    if (message !== undefined) return message;
    if (Date.now() >= deadline) {
      throw new NetworkError(`No message to ${to} reached the emulator's outbox within ${waitMs / 1000} s.`, {
        code: 'otp_timeout',
        hint: 'Check that --domain is the emulator that sent the code, and the address or number.',
      });
    }
  }
}

/** How far the emulator clock is from this machine's (0 when the emulator does not say). */
async function clockOffset(base: URL, http: HttpOptions): Promise<number> {
  const res = await send({ method: 'GET', url: new URL('/__emulator/clock', base) }, http);
  if (res.status !== 200) return 0;
  const offset = safeJson(res.text)?.offset_ms;
  return typeof offset === 'number' && Number.isFinite(offset) ? offset : 0;
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** One long poll: the newest message after `since`, or undefined when the wait timed out. */
async function waitOnce(base: URL, to: string, since: number, waitMs: number, http: HttpOptions): Promise<OutboxMessageJson | undefined> {
  const url = new URL('/__emulator/outbox/wait', base);
  url.search = new URLSearchParams({ to, since: String(since), timeout_ms: String(Math.round(waitMs)) }).toString();
  // The server holds the request up to waitMs; give the HTTP call that long plus the usual timeout.
  const res = await send({ method: 'GET', url }, { ...http, timeoutMs: http.timeoutMs + waitMs });
  const body = safeJson(res.text);
  // The wait ended with nothing: a code of its own, so that no wording is read (docs/emulator.md, "Control API").
  if (res.status === 404 && body?.error === 'no_message') return undefined;
  const newest = Array.isArray(body?.messages) ? (body.messages[0] as OutboxMessageJson | undefined) : undefined;
  if (res.status !== 200 || newest === undefined || typeof newest.code !== 'string')
    throw notAnEmulator(base, `GET /__emulator/outbox/wait answered ${res.status}`);
  return newest;
}

/** Checked before a code is sent, so that a real tenant does not send one that nothing will read. */
export async function assertEmulator(base: URL, http: HttpOptions): Promise<void> {
  const res = await send({ method: 'GET', url: new URL('/__emulator/health', base) }, http);
  if (res.status !== 200 || safeJson(res.text)?.status !== 'ok') throw notAnEmulator(base, `GET /__emulator/health answered ${res.status}`);
}

function notAnEmulator(base: URL, why: string): UsageError {
  return new UsageError(`--otp-from emulator: ${base.origin} does not look like a pwless emulator (${why}).`, {
    code: 'not_an_emulator',
    hint: 'Use --otp-from emulator only with --domain pointing at `pwless emulator`; for a real tenant, type the code or pass --otp.',
  });
}
