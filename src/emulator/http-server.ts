/**
 * The network side of the emulator: an HTTP or HTTPS server on node:http / node:https, listening
 * with port-in-use errors that name the fix, the base URL clients use, and a JSON answer for
 * requests that Node cannot parse.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { EmulatorConfigError, OAuthError } from './errors.ts';
import type { TlsFiles } from './tls.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** HTTPS when TLS files are given (`--tls-cert`, `--tls-key`), else HTTP. */
export function createServer(tls: TlsFiles | undefined, listener: Listener): Server {
  const server = tls === undefined ? createHttpServer(listener) : createHttpsServer({ cert: tls.cert, key: tls.key }, listener);
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
          ? `Port ${port} on ${host} is already in use: stop what uses it, ` +
            'choose another port, or pass --port 0 to take any free port.'
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
 * when serving TLS, so the issuer is `https://…/` as SDKs expect (reference §6.2 item 2).
 */
export function baseUrl(host: string, address: AddressInfo, secure: boolean): string {
  const name = isIP(host) === 0 ? host : address.address;
  return `${secure ? 'https' : 'http'}://${name.includes(':') ? `[${name}]` : name}:${address.port}`;
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
 * Requests Node cannot parse (bad request line, headers too large) never reach a handler; they
 * still get a JSON error from the serializer's shape, then the connection is closed.
 */
function answerUnparsable(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify({
    error: 'invalid_request',
    error_description: tooLarge ? 'The request headers are too large.' : 'The request is not valid HTTP/1.1.',
  });
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncache-control: no-store\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
