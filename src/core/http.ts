/**
 * The one place pwless talks HTTP. Every request has an overall deadline (undici has none of its
 * own: deps.md §3), never follows redirects, identifies itself with a user-agent, and reads at most
 * MAX_RESPONSE_BYTES of a body. Network failures become a NetworkError with a code a script can
 * switch on; a trace sink, when given, sees each exchange (the renderer redacts it).
 */
import { request, errors as undiciErrors } from 'undici';
import { NetworkError } from './errors.ts';
import { VERSION } from './version.ts';

export const USER_AGENT = `pwless/${VERSION}`;
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface TraceSink {
  request(req: { method: string; url: string; headers: Record<string, string>; body: string | undefined }): void;
  response(res: HttpResponse & { ms: number }): void;
}

export interface HttpOptions {
  timeoutMs: number;
  trace?: TraceSink | undefined;
  signal?: AbortSignal | undefined;
}

export async function send(req: HttpRequest, options: HttpOptions): Promise<HttpResponse> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers['content-type'] = 'application/json';
  } else if (req.form !== undefined) {
    body = new URLSearchParams(req.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  options.trace?.request({ method: req.method, url: req.url.href, headers, body });

  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const started = performance.now();
  try {
    const res = await request(req.url, { method: req.method, headers, body, signal });
    const text = await readBounded(res.body, req.url);
    const response: HttpResponse = { status: res.statusCode, headers: flattenHeaders(res.headers), text };
    options.trace?.response({ ...response, ms: Math.round(performance.now() - started) });
    return response;
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    if (options.signal?.aborted) throw options.signal.reason;
    throw translateNetworkError(error, req.url, options.timeoutMs);
  }
}

async function readBounded(body: AsyncIterable<Buffer> & { destroy(): void }, url: URL): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      throw new NetworkError(`The response from ${url.origin} is larger than ${MAX_RESPONSE_BYTES} bytes.`, {
        code: 'response_too_large',
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Maps undici / Node socket errors to one NetworkError each, with a hint that names the fix. */
export function translateNetworkError(error: unknown, url: URL, timeoutMs: number): NetworkError {
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  const host = url.host;
  if (err.name === 'TimeoutError' || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new NetworkError(`No answer from ${host} within ${timeoutMs / 1000} s.`, {
      code: 'timeout',
      hint: 'Check that the domain is right and reachable, or raise --timeout <seconds>.',
      cause: error,
    });
  }
  if (code === 'ECONNREFUSED') {
    return new NetworkError(`${host} refused the connection.`, {
      code: 'connection_refused',
      hint: 'Is the server (or `pwless emulator`) running on that host and port?',
      cause: error,
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new NetworkError(`The host name ${url.hostname} could not be resolved.`, {
      code: 'dns',
      hint: 'Check --domain: a tenant domain looks like tenant.auth0.com or tenant.eu.auth0.com.',
      cause: error,
    });
  }
  if (/CERT|SSL|TLS|SELF_SIGNED/.test(code)) {
    return new NetworkError(`The TLS connection to ${host} failed (${code}).`, {
      code: 'tls',
      hint: 'If the server uses a private CA, start pwless with NODE_EXTRA_CA_CERTS=<ca.pem>.',
      cause: error,
    });
  }
  return new NetworkError(`The request to ${host} failed: ${err.message ?? String(error)}${code ? ` (${code})` : ''}.`, {
    code: 'network_error',
    cause: error,
  });
}
