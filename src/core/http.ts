/**
 * The one place pwless talks HTTP: discovery, start, token, userinfo, the JWKS, the outbox, links.
 * Every request has an overall deadline (undici has none of its own), never follows redirects,
 * identifies itself with a user-agent, reads at most MAX_RESPONSE_BYTES of a body, and goes through
 * the run's dispatcher (proxy, extra CAs: src/core/dispatcher.ts, docs/network.md). Network
 * failures become a NetworkError with a code a script can switch on; a trace sink, when given,
 * sees each exchange (-v and --trace-file; the renderers redact it).
 */
import { dispatcherFor } from './dispatcher.ts';
import { InterruptedError, NetworkError } from './errors.ts';
import { maskProxyUrl, proxyForScheme, type NetworkSettings } from './network-settings.ts';
import { learnFromRequest, learnFromResponse, type Secrets } from './secrets.ts';
import { explainTlsError } from './tls-errors.ts';
import { request, errors as undiciErrors } from './undici-parts.ts';
import { VERSION } from './version.ts';
import { withWireDetails, type WireDetails } from './wire-details.ts';

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

export interface TraceRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** When the request was handed to undici. */
  startedAt: Date;
}

export interface TraceResponse extends HttpResponse {
  /** The request this answers (sinks may see several exchanges interleaved). */
  request: TraceRequest;
  statusText: string;
  /** `HTTP/1.1` or `HTTP/2`, as the connection spoke. */
  httpVersion: string;
  serverIPAddress?: string | undefined;
  /** Milliseconds until the status line and headers came; `ms` also counts reading the body. */
  headersMs: number;
  ms: number;
}

export interface TraceSink {
  request(req: TraceRequest): void;
  response(res: TraceResponse): void;
  /** The exchange ended without a (whole) response: timeout, refused, TLS, proxy, too large. */
  failure?(req: TraceRequest, error: NetworkError | InterruptedError, ms: number): void;
}

export interface HttpOptions {
  timeoutMs: number;
  trace?: TraceSink | undefined;
  /** The run's secret values: each request's and answer's are registered here, for the writers to mask wherever they reappear. */
  secrets?: Pick<Secrets, 'add'> | undefined;
  signal?: AbortSignal | undefined;
  /** Proxy variables, extra CAs, --insecure (src/core/network-settings.ts); absent: undici's global dispatcher. */
  network?: NetworkSettings | undefined;
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
  // Before anything can echo them: an answer that repeats the request (a tenant's error_description, a proxy's page) is masked too.
  learnFromRequest(req, options.secrets);
  const traced: TraceRequest = { method: req.method, url: req.url.href, headers, body, startedAt: new Date() };
  options.trace?.request(traced);

  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const dispatcher = await dispatcherFor(options.network);
  const wire: WireDetails = {};
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    let headersMs = 0;
    const exchange = async () => {
      const res = await request(req.url, { method: req.method, headers, body, signal, ...(dispatcher ? { dispatcher } : {}) });
      headersMs = elapsed();
      const text = await readBounded(res.body, req.url);
      await connectionBackInPool();
      return { res, text };
    };
    const { res, text } = options.trace ? await withWireDetails(wire, exchange) : await exchange();
    const response: HttpResponse = { status: res.statusCode, headers: flattenHeaders(res.headers), text };
    learnFromResponse(response, options.secrets);
    options.trace?.response({
      ...response,
      request: traced,
      statusText: res.statusText ?? '',
      httpVersion: wire.httpVersion ?? 'HTTP/1.1',
      serverIPAddress: wire.serverIPAddress,
      headersMs,
      ms: elapsed(),
    });
    return response;
  } catch (error) {
    if (options.signal?.aborted && !(error instanceof NetworkError)) {
      options.trace?.failure?.(traced, new InterruptedError('Interrupted.', { code: 'interrupted' }), elapsed());
      throw options.signal.reason;
    }
    const failure = error instanceof NetworkError ? error : translateNetworkError(error, req.url, options.timeoutMs, options.network);
    options.trace?.failure?.(traced, failure, elapsed());
    throw failure;
  }
}

/**
 * undici puts a keep-alive connection back in its pool one event-loop turn after the response
 * ended ("wait a full event loop cycle to reuse this socket", https://github.com/nodejs/undici/blob/main/lib/dispatcher/client-h1.js):
 * a request made sooner, as a run's next request is, opens a second connection. Waiting for that
 * turn keeps a run's requests (discovery, the JWKS, the token request, …) on one connection per
 * origin (test/e2e/connection-reuse.test.ts). The turn is a setImmediate queued after undici's own.
 */
function connectionBackInPool(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
export function translateNetworkError(error: unknown, url: URL, timeoutMs: number, network?: NetworkSettings): NetworkError {
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  const host = url.host;
  const proxy = proxyForScheme(network, url);
  if (proxy !== undefined) {
    const atProxy = proxyFailure(error, proxy, url);
    if (atProxy !== undefined) {
      const shown = maskProxyUrl(proxy);
      return new NetworkError(`The proxy ${shown} ${atProxy} (for ${url.origin}).`, {
        code: 'proxy_error',
        hint: `Check the proxy in ${url.protocol === 'https:' ? 'HTTPS_PROXY / https_proxy (or HTTP_PROXY)' : 'HTTP_PROXY / http_proxy'}, or bypass it for this host with NO_PROXY=${url.hostname}.`,
        cause: error,
      });
    }
  }
  if (
    err.name === 'TimeoutError' ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return new NetworkError(`No answer from ${host} within ${timeoutMs / 1000} s.`, {
      code: 'timeout',
      hint: `Check that the domain is right and reachable${proxy ? ` and that the proxy ${maskProxyUrl(proxy)} forwards to it` : ''}, or raise --timeout <seconds>.`,
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
  const tls = explainTlsError(code, url);
  if (tls !== undefined) return new NetworkError(tls.message, { code: tls.code, hint: tls.hint, cause: error });
  return new NetworkError(`The request to ${host} failed: ${err.message ?? String(error)}${code ? ` (${code})` : ''}.`, {
    code: 'network_error',
    cause: error,
  });
}

/**
 * How the proxy failed, when it was the proxy: a CONNECT answered with something else than 200
 * (undici: "Proxy response (407) !== 200 when HTTP Tunneling"), a 407 to a forwarded http://
 * request, a broken connection to the proxy, or a socket error whose endpoint is the proxy's.
 */
function proxyFailure(error: unknown, proxy: string, target: URL): string | undefined {
  const err = error as { code?: string; message?: string; address?: string; port?: number; hostname?: string; cause?: unknown };
  const message = err.message ?? '';
  const tunnel = /^Proxy response \((\d+)\) !== 200 when HTTP Tunneling/.exec(message);
  if (tunnel) return `answered HTTP ${tunnel[1]}${tunnel[1] === '407' ? ' (Proxy Authentication Required)' : ''} to the CONNECT request`;
  if (/^Proxy Authentication Required \(407\)/.test(message)) return 'answered HTTP 407 (Proxy Authentication Required)';
  if (err.code === 'UND_ERR_PRX_TLS') return `failed its TLS handshake (${(err.cause as { code?: string } | undefined)?.code ?? message})`;
  if (err.code === 'UND_ERR_PRX_CONN') return 'closed the connection before the tunnel was open';
  let proxyUrl: URL;
  try {
    proxyUrl = new URL(proxy);
  } catch {
    return undefined;
  }
  const proxyHost = proxyUrl.hostname.replace(/^\[(.+)\]$/, '$1');
  const proxyPort = Number(proxyUrl.port || (proxyUrl.protocol === 'https:' ? 443 : 80));
  const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  if ((err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') && err.hostname === proxyHost) return `could not be resolved (${err.code})`;
  const atProxyEndpoint = err.port === proxyPort && (err.address === proxyHost || targetPort !== proxyPort);
  if (atProxyEndpoint && err.code === 'ECONNREFUSED') return 'refused the connection';
  if (atProxyEndpoint && err.code) return `could not be reached (${err.code})`;
  return undefined;
}
