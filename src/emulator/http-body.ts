/**
 * Bounded request-body reading and parsing. At most {@link MAX_BODY_BYTES} are buffered: a larger
 * declared or actual body is refused with 413 `request_too_large` (a JSON error body, as every
 * error) before more is read, and the connection is closed (the rest of the body is never
 * consumed). A body cut short by the client is a 400, never a server error.
 */
import type { IncomingMessage } from 'node:http';
import { OAuthError } from './errors.ts';
import { clip, parseForm } from './form.ts';

export const MAX_BODY_BYTES = 64 * 1024;

/** How an endpoint names its "bad request" error (`bad.request` on /start, else `invalid_request`). */
export type BadRequest = (description: string) => OAuthError;

function tooLarge(): OAuthError {
  return new OAuthError(413, 'request_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, {
    headers: { connection: 'close' },
  });
}

/** The media type of the request, lower-cased, without parameters; '' when absent. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Bodies already read: the rate-limit wrapper peeks at a body before its handler reads it. */
const bodies = new WeakMap<IncomingMessage, Promise<Buffer>>();

/** Reads the body into memory once, refusing anything over the limit. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  let body = bodies.get(req);
  if (body === undefined) {
    body = readBodyOnce(req);
    body.catch(() => {}); // whoever awaits it sees the error; this one only keeps it from being "unhandled"
    bodies.set(req, body);
  }
  return body;
}

async function readBodyOnce(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_BODY_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof OAuthError) throw err;
    // The client closed the connection mid-body, or the request timeout destroyed it: a client's
    // failure, not the emulator's. The answer usually has nowhere to go; if it has, it says why.
    throw new OAuthError(400, 'invalid_request', 'The request body ended before its declared length.', { headers: { connection: 'close' } });
  }
  return Buffer.concat(chunks, total);
}

/** One strict decoder for every request: decode() without `stream` keeps no state between calls. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly, so invalid bytes are a 400 and not silently replaced. */
function utf8(bytes: Buffer, bad: BadRequest): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw bad('The request body is not valid UTF-8.');
  }
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** Parses a JSON body that must be one object (arrays, null and scalars are refused). */
function parseRequestJsonObject(text: string, bad: BadRequest): Record<string, unknown> {
  if (text.trim() === '') throw bad('The request body is empty; send a JSON object.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw bad(`The request body is not valid JSON (${clip((err as Error).message, 80)}).`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw bad(`The request body must be a JSON object, not ${describeJsonType(value)}.`);
  }
  return value as Record<string, unknown>;
}

/** A JSON-only endpoint (/passwordless/start, docs/auth0-behaviour.md, B-START-1). */
export async function readJsonBody(req: IncomingMessage, bad: BadRequest): Promise<Record<string, unknown>> {
  const type = mediaType(req);
  if (type !== 'application/json') {
    throw bad(`Content-Type must be application/json${type === '' ? '' : `, not ${clip(type, 40)}`}.`);
  }
  return parseRequestJsonObject(utf8(await readBody(req), bad), bad);
}

/**
 * An endpoint that takes JSON or form parameters (/oauth/token: Auth0 accepts both, docs/auth0-behaviour.md, B-TOKEN-1).
 * An empty body without a content-type is an empty parameter set, so that the usual "missing
 * parameter" errors name what is missing.
 */
export async function readParams(req: IncomingMessage, bad: BadRequest): Promise<Record<string, unknown>> {
  const type = mediaType(req);
  const text = utf8(await readBody(req), bad);
  if (type === 'application/json') return parseRequestJsonObject(text, bad);
  if (type === 'application/x-www-form-urlencoded') return parseForm(text);
  if (type === '' && text === '') return Object.create(null) as Record<string, unknown>;
  throw bad('Send the parameters as application/x-www-form-urlencoded or application/json.');
}
