/**
 * The network side of the emulator: an HTTP or HTTPS server on node:http / node:https, listening
 * with port-in-use errors that name the fix, the base URL clients use, and a JSON answer for
 * requests that Node cannot parse or that arrive too slowly.
 *
 * Slow-loris guards (docs/emulator.md "Timeouts"): Node's `headersTimeout` limits the time to
 * receive the complete headers and `requestTimeout` the time to receive the entire request
 * (https://nodejs.org/api/http.html#serverrequesttimeout). Neither bounds how long the emulator
 * takes to answer, so a long-poll outbox wait or a `hang` fault is not cut short. Node checks them
 * every `connectionsCheckingInterval` (30 s by default), so the interval follows the timeout.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { EmulatorConfigError, OAuthError } from './errors.ts';
import type { ServerTimeouts } from './options.ts';
import type { TlsFiles } from './tls.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** HTTPS when TLS files are given (`--tls-cert`, `--tls-key`), else HTTP. */
export function createServer(tls: TlsFiles | undefined, timeouts: ServerTimeouts, listener: Listener): Server {
  const options = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(timeouts.headersMs / 4))),
  };
  const server = tls === undefined ? createHttpServer(options, listener) : createHttpsServer({ ...options, cert: tls.cert, key: tls.key }, listener);
  server.on('clientError', answerUnparsable);
  return server;
}

export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const where = `${host}:${port}`;
    server.once('error', (err: NodeJS.ErrnoException) => {
      const portProblem = err.code === 'EADDRINUSE' || err.code === 'EACCES';
      const problem =
        err.code === 'EADDRINUSE'
          ? `Port ${port} on ${host} is already in use: stop what uses it, choose another port, or pass --port 0 to take any free port.`
          : err.code === 'EACCES'
            ? `Not allowed to listen on ${where}: choose a port above 1023, or pass --port 0.`
            : `Cannot listen on ${where} (${err.code ?? err.message}): use a local address such as 127.0.0.1.`;
      reject(new EmulatorConfigError(portProblem ? 'port' : 'host', problem, { cause: err }));
    });
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/**
 * The base URL clients use: the host name as given (e.g. `localhost`), or for an IP literal the
 * bound address, bracketed when IPv6 (RFC 3986 §3.2.2); always the real port (port 0); `https`
 * when serving TLS, so the issuer is `https://…/` as SDKs expect (docs/auth0-behaviour.md, B-IDT-2).
 * A wildcard address (0.0.0.0, ::) is no address to connect to: the URL, and so the issuer, use
 * the loopback address of the same family, which reaches the server and which pwless accepts.
 */
export function baseUrl(host: string, address: AddressInfo, secure: boolean): string {
  const bound = isIP(host) === 0 ? host : address.address;
  const name = isWildcardAddress(bound) ? (isIP(bound) === 6 ? '::1' : '127.0.0.1') : bound;
  return `${secure ? 'https' : 'http'}://${name.includes(':') ? `[${name}]` : name}:${address.port}`;
}

/** 0.0.0.0 or :: (in any spelling): listen on every interface (RFC 1122 §3.2.1.3, RFC 4291 §2.5.2). */
export function isWildcardAddress(host: string): boolean {
  return isIP(host) !== 0 && /^[0:.]+$/.test(host);
}

/** Parses the request target; absolute-form targets are accepted, `//x` stays a path. */
export function requestUrl(target: string | undefined): URL {
  const raw = target ?? '/';
  try {
    return raw.startsWith('/') ? new URL(`http://emulator${raw}`) : new URL(raw);
  } catch {
    throw new OAuthError(400, 'invalid_request', 'The request target is not a valid path.');
  }
}

/**
 * Requests Node cannot parse (bad request line, headers too large) or that do not arrive in time
 * never reach a handler; they still get a JSON error in the serializer's shape, then the
 * connection is closed. When an answer has already begun there is nothing to add: the socket goes.
 */
function answerUnparsable(err: NodeJS.ErrnoException, socket: Duplex): void {
  const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (!socket.writable || answering || err.code === 'ECONNRESET') return void socket.destroy();
  const [status, description] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['431 Request Header Fields Too Large', 'The request headers are too large.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['408 Request Timeout', 'The request did not arrive in time: send the headers and the body without pausing.']
        : ['400 Bad Request', 'The request is not valid HTTP/1.1.'];
  const body = JSON.stringify({ error: err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : 'invalid_request', error_description: description });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
