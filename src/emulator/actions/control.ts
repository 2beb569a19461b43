/**
 * The control API under /__emulator/ (design.md §4): health, and the outbox that stands in for
 * email and SMS delivery, with a blocking wait so tests need not poll. The operations themselves
 * are control-operations.ts, shared with the library API; these handlers parse and answer.
 */
import type { Handler } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { serializeMessage, type OutboxMessage } from '../outbox.ts';
import { json, type Reply } from '../respond.ts';
import * as control from '../control-operations.ts';
import { controlCall } from './control-body.ts';

/** One query parameter, given at most once. */
function queryParam(url: URL, name: string): string | undefined {
  const values = url.searchParams.getAll(name);
  if (values.length > 1) throw invalidRequest(`Query parameter '${name}' is given more than once.`);
  return values[0];
}

/** A non-negative integer query parameter (digits only, so "1e3", "-1" and "" are refused). */
function integerParam(url: URL, name: string, fallback: number, max: number, what: string): number {
  const raw = queryParam(url, name);
  if (raw === undefined) return fallback;
  const value = /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > max) throw invalidRequest(`Query parameter '${name}' must be ${what}.`);
  return value;
}

function messagesReply(messages: OutboxMessage[]): Reply {
  return json(200, { messages: messages.map(serializeMessage) });
}

/** `waiting`: the outbox waits pending, so a test can poll until its wait has arrived instead of sleeping. */
export const health: Handler = async (_req, emu) => json(200, control.health(emu));

/** GET /__emulator/outbox[?to=]: every kept message, newest first. */
export const listOutbox: Handler = async (req, emu) => messagesReply(control.outboxMessages(emu, queryParam(req.url, 'to')));

export const clearOutbox: Handler = async (_req, emu) => {
  control.clearOutbox(emu);
  return { status: 204 };
};

/**
 * GET /__emulator/outbox/wait?to=&since=&timeout_ms=: the messages to `to` created strictly after
 * `since` (epoch ms, default 0), as soon as there is one; 404 when none comes in time.
 */
export const waitOutbox: Handler = async (req, emu) => {
  const to = queryParam(req.url, 'to');
  if (to === undefined || to === '') throw invalidRequest('Missing required query parameter: to');
  const since = integerParam(req.url, 'since', 0, Number.MAX_SAFE_INTEGER, 'a time in epoch milliseconds');
  const range = `an integer from 0 to ${control.MAX_WAIT_MS}`;
  const timeoutMs = integerParam(req.url, 'timeout_ms', control.DEFAULT_WAIT_MS, control.MAX_WAIT_MS, range);
  return messagesReply(await controlCall(() => control.waitForMessages(emu, { to, since, timeoutMs, signal: req.signal })));
};
