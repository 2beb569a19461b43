/**
 * The one place that writes responses. Every JSON body and every error goes through here so that
 * content-type, `cache-control: no-store` (RFC 6749 §5.1, §5.2) and the error shape
 * `{error, error_description[, error_uri]}` (docs/auth0-behaviour.md, B-ERR-1) are the same on every endpoint.
 */
import type { ServerResponse } from 'node:http';
import type { OAuthError } from './errors.ts';

/** What a handler returns; the server writes it with {@link writeReply}. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON; `undefined` means an empty body (e.g. 204). */
  body?: unknown;
  /** A non-JSON body (the `html` fault's 502 page), sent as is. */
  raw?: { contentType: string; text: string };
  /** No answer at all: the connection is destroyed (the `drop` and `hang` faults). */
  destroy?: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** A JSON reply that must not be cached: every emulator answer carries codes, tokens or state. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

/** The serializer of every error answer (oidc-provider `err_out.js`). */
export function errorReply(err: OAuthError): Reply {
  const body: Record<string, unknown> = { error: err.error, error_description: err.description };
  if (err.uri !== undefined) body.error_uri = err.uri;
  for (const [name, value] of Object.entries(err.extra)) if (!Object.hasOwn(body, name)) body[name] = value;
  return { status: err.status, body, headers: err.headers };
}

/** Writes a reply unless the client has gone away. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  if (reply.destroy === true) {
    res.socket?.destroy();
    res.destroy();
    return;
  }
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  if (reply.raw !== undefined) {
    const payload = Buffer.from(reply.raw.text, 'utf8');
    res.writeHead(reply.status, { ...headers, 'content-type': reply.raw.contentType, 'content-length': String(payload.length) });
    res.end(payload);
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  // A string body, not a Buffer: Node then sends the head and the body in one write, not a writev of two.
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...headers,
    'content-type': JSON_TYPE,
    'content-length': String(Buffer.byteLength(payload, 'utf8')),
  });
  res.end(payload, 'utf8');
}
