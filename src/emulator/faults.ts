/**
 * Faults on purpose (docs/emulator.md, "Faults"): what `POST /__emulator/faults` and
 * `--fault <json>` accept. An endpoint fault changes the next matching requests (an error status,
 * a delay, or a broken answer: `hang`, `drop`, `html`); an outbox fault drops, duplicates or
 * delays the next messages. This file is the schema; fault-store.ts arms and matches them,
 * fault-apply.ts and outbox-delivery.ts carry them out.
 */
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.ts';
import { FAULTABLE_PATHS } from './paths.ts';
import { at, integer, nonEmptyString, number, object, oneOf, onlyKeys, optional, SchemaError, string, typeName, type Json } from './schema.ts';

export const FAULT_ACTIONS = ['hang', 'drop', 'html'] as const;
export const OUTBOX_FAULTS = ['drop', 'duplicate', 'delay'] as const;
export const MAX_FAULT_DELAY_MS = 120_000;

/** How many requests or messages a fault applies to, and how likely for each. */
export interface FaultTrigger {
  /** At most this many times; every match until cleared when absent. */
  count?: number;
  /** The chance (0–1) that a matching request or message is hit; always when absent. */
  rate?: number;
}

export interface EndpointFault extends FaultTrigger {
  endpoint: string;
  method?: 'GET' | 'POST' | 'DELETE';
  /** Answer with this status instead of handling the request. */
  status?: number;
  /** The JSON body of that answer; a default error body for the status when absent. */
  body?: unknown;
  headers?: Record<string, string>;
  /** For status 429: the `retry-after` seconds; the endpoint's refill time when absent. */
  retry_after?: number;
  /** Wait this long first (then answer as above, or normally). */
  delay_ms?: number;
  action?: (typeof FAULT_ACTIONS)[number];
}

export interface OutboxFault extends FaultTrigger {
  outbox: (typeof OUTBOX_FAULTS)[number];
  /** `delay`: how late the message arrives; `duplicate`: how late the copy arrives. */
  delay_ms?: number;
  /** Only messages to this recipient (case-insensitive). */
  to?: string;
}

export type FaultSpec = EndpointFault | OutboxFault;

export function isOutboxFault(spec: FaultSpec): spec is OutboxFault {
  return 'outbox' in spec;
}

function trigger(raw: Json, path: string): FaultTrigger {
  const count = optional(raw, 'count', path, (p, v) => integer(p, v, 1, 1_000_000));
  const rate = optional(raw, 'rate', path, (p, v) => number(p, v, 0, 1));
  return { ...(count !== undefined ? { count } : {}), ...(rate !== undefined ? { rate } : {}) };
}

const delay = (p: string, v: unknown): number => integer(p, v, 0, MAX_FAULT_DELAY_MS);

function headerMap(path: string, value: unknown): Record<string, string> {
  const raw = object(path, value);
  for (const [name, text] of Object.entries(raw)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new SchemaError(at(path, name), 'is not a header name');
    if (typeof text !== 'string' || /[\r\n\0]/.test(text)) throw new SchemaError(at(path, name), 'must be a one-line string');
  }
  return raw as Record<string, string>;
}

/**
 * A fault's `body`: JSON at most MAX_JSON_DEPTH levels deep (json-depth.ts: every answer and every
 * listing serialises it), kept as a copy so that a library caller changing its object later changes
 * nothing armed.
 */
function jsonBody(path: string, value: unknown): unknown {
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) throw new SchemaError(path, `nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw new SchemaError(path, `must be a JSON value, not ${typeName(value)}`);
  return JSON.parse(text);
}

function outboxFault(raw: Json, path: string): OutboxFault {
  onlyKeys(path, raw, ['outbox', 'delay_ms', 'to', 'count', 'rate']);
  const kind = oneOf(at(path, 'outbox'), raw.outbox, OUTBOX_FAULTS);
  const delayMs = optional(raw, 'delay_ms', path, delay);
  if (kind === 'delay' && delayMs === undefined) throw new SchemaError(at(path, 'delay_ms'), 'is required for an outbox delay');
  if (kind === 'drop' && delayMs !== undefined) throw new SchemaError(at(path, 'delay_ms'), 'means nothing for a dropped message');
  const to = optional(raw, 'to', path, nonEmptyString);
  return { outbox: kind, ...(delayMs !== undefined ? { delay_ms: delayMs } : {}), ...(to !== undefined ? { to } : {}), ...trigger(raw, path) };
}

function endpointFault(raw: Json, path: string): EndpointFault {
  onlyKeys(path, raw, ['endpoint', 'method', 'count', 'rate', 'status', 'body', 'headers', 'retry_after', 'delay_ms', 'action']);
  const endpoint = string(at(path, 'endpoint'), raw.endpoint);
  if (!(FAULTABLE_PATHS as readonly string[]).includes(endpoint)) {
    throw new SchemaError(at(path, 'endpoint'), `must be one of ${FAULTABLE_PATHS.join(', ')} (the control API cannot be faulted)`);
  }
  const fault: EndpointFault = { endpoint, ...trigger(raw, path) };
  const method = optional(raw, 'method', path, (p, v) => oneOf(p, v, ['GET', 'POST', 'DELETE'] as const));
  const status = optional(raw, 'status', path, (p, v) => integer(p, v, 400, 599));
  const action = optional(raw, 'action', path, (p, v) => oneOf(p, v, FAULT_ACTIONS));
  const delayMs = optional(raw, 'delay_ms', path, delay);
  if (method !== undefined) fault.method = method;
  if (status !== undefined && action !== undefined) throw new SchemaError(at(path, 'action'), 'cannot be combined with status');
  if (status === undefined && action === undefined && delayMs === undefined) {
    throw new SchemaError(path, 'give status, action or delay_ms (or outbox, for a message fault)');
  }
  for (const key of ['body', 'headers', 'retry_after']) {
    if (Object.hasOwn(raw, key) && status === undefined) throw new SchemaError(at(path, key), 'needs a status');
  }
  if (Object.hasOwn(raw, 'retry_after') && status !== 429) throw new SchemaError(at(path, 'retry_after'), 'is for status 429 only');
  if (status !== undefined) fault.status = status;
  if (raw.body !== undefined) fault.body = jsonBody(at(path, 'body'), raw.body);
  const headers = optional(raw, 'headers', path, headerMap);
  if (headers !== undefined) fault.headers = headers;
  const retryAfter = optional(raw, 'retry_after', path, (p, v) => integer(p, v, 0, 86_400));
  if (retryAfter !== undefined) fault.retry_after = retryAfter;
  if (delayMs !== undefined) fault.delay_ms = delayMs;
  if (action !== undefined) fault.action = action;
  return fault;
}

/** Checks one fault as parsed from JSON; `path` prefixes error paths (e.g. `[1]` in a list). */
export function parseFault(value: unknown, path = ''): FaultSpec {
  const raw = object(path, value);
  if (Object.hasOwn(raw, 'outbox')) return outboxFault(raw, path);
  if (!Object.hasOwn(raw, 'endpoint')) throw new SchemaError(at(path, 'endpoint'), 'is required (or give outbox, for a message fault)');
  return endpointFault(raw, path);
}

/** One fault object, or an array of them. */
export function parseFaults(value: unknown): FaultSpec[] {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new SchemaError('', 'must be a fault object or a non-empty array of them');
    return value.map((item, index) => parseFault(item, `[${index}]`));
  }
  if (value === null || typeof value !== 'object') throw new SchemaError('', `must be a fault object or an array of them, not ${typeName(value)}`);
  return [parseFault(value)];
}
