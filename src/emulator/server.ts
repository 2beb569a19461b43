/**
 * startEmulator(): a local, in-memory stand-in for an Auth0 tenant's passwordless endpoints
 * (design.md §4, reference §7.2), on node:http. Handlers live in actions/, routing in routes.ts,
 * the error serializer in respond.ts; this file listens, dispatches, and shuts down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EmulatorContext } from './context.ts';
import { EmulatorConfigError, OAuthError } from './errors.ts';
import { loadSigningKey } from './keys.ts';
import { resolveSettings, type Settings } from './options.ts';
import { OtpStore } from './otp-store.ts';
import { Outbox } from './outbox.ts';
import { randomSources } from './random.ts';
import { RefreshTokenStore } from './refresh-tokens.ts';
import { errorReply, writeReply, type Reply } from './respond.ts';
import { resolveRoute } from './routes.ts';
import { defaultTenant, type Tenant } from './tenant.ts';
import { UserStore } from './users.ts';

export interface EmulatorOptions {
  /** Default '127.0.0.1' (loopback only, design.md §4). */
  host?: string;
  /** Default 4010; 0 = any free port. */
  port?: number;
  /** Makes codes, user ids, `_id`s, message ids, refresh tokens and jtis repeatable (random.ts). */
  seed?: string;
  /** PEM (PKCS#8 or PKCS#1) or private JWK file holding an RSA key; default: a new key per run. */
  keyFile?: string;
  /** Digits per code, 4–10; default 6. */
  otpLength?: number;
  /** Code lifetime in seconds; default 300 (Auth0's docs say 180 or 300, reference §4.1 [UNK]). */
  otpTtlSeconds?: number;
  /** Epoch ms; default Date.now. */
  clock?: { now(): number };
  /** One human line per outbox message, and per unexpected server error. */
  onMessage?: (line: string) => void;
}

export interface RunningEmulator {
  /** Base URL without a trailing slash (the real port when port 0; IPv6 hosts bracketed). */
  url: string;
  /** `url` + '/'. */
  issuer: string;
  /** The tenant it serves (clients, connections). */
  tenant: Tenant;
  /** Ends pending outbox waits, stops listening, destroys sockets. */
  close(): Promise<void>;
}

/** How long close() lets in-flight answers finish before destroying their sockets. */
const CLOSE_GRACE_MS = 500;

function listen(server: Server, settings: Settings): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const where = `${settings.host}:${settings.port}`;
    server.once('error', (err: NodeJS.ErrnoException) => {
      const portProblem = err.code === 'EADDRINUSE' || err.code === 'EACCES';
      const problem =
        err.code === 'EADDRINUSE'
          ? `Port ${settings.port} on ${settings.host} is already in use: stop what uses it, ` +
            'choose another port, or pass --port 0 to take any free port.'
          : err.code === 'EACCES'
            ? `Not allowed to listen on ${where}: choose a port above 1023, or pass --port 0.`
            : `Cannot listen on ${where} (${err.code ?? err.message}): use a local address such as 127.0.0.1.`;
      reject(new EmulatorConfigError(portProblem ? 'port' : 'host', problem, { cause: err }));
    });
    server.listen(settings.port, settings.host, () => resolve(server.address() as AddressInfo));
  });
}

/**
 * The base URL clients use: the host name as given (e.g. `localhost`), or for an IP literal the
 * bound address, bracketed when IPv6 (RFC 3986 §3.2.2); always the real port (port 0).
 */
function baseUrl(host: string, address: AddressInfo): string {
  const name = isIP(host) === 0 ? host : address.address;
  return `http://${name.includes(':') ? `[${name}]` : name}:${address.port}`;
}

/** Parses the request target; absolute-form targets are accepted, `//x` stays a path. */
function requestUrl(target: string | undefined): URL {
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

async function dispatch(req: IncomingMessage, signal: AbortSignal, emu: EmulatorContext): Promise<Reply> {
  try {
    const url = requestUrl(req.url);
    return await resolveRoute(req.method ?? 'GET', url.pathname)({ raw: req, url, signal }, emu);
  } catch (err) {
    if (err instanceof OAuthError) return errorReply(err);
    // A bug, not a client mistake: say so to the embedder, never leak details to the client.
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    emu.report(`[error] ${req.method} ${req.url}: ${detail}`);
    return errorReply(new OAuthError(500, 'server_error', 'The emulator failed unexpectedly; its log has the details.'));
  }
}

export async function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator> {
  const settings = resolveSettings(options);
  const key = await loadSigningKey(settings.keyFile);
  const random = randomSources(settings.seed);
  const inFlight = new Set<ServerResponse>();
  let emu: EmulatorContext | undefined;

  const server = createServer((req, res) => {
    if (emu === undefined) return void res.destroy();
    const context = emu;
    inFlight.add(res);
    // Aborted when the client goes away, so a long outbox wait stops waiting for nobody.
    const gone = new AbortController();
    res.once('close', () => {
      inFlight.delete(res);
      gone.abort();
    });
    void dispatch(req, gone.signal, context).then((reply) => {
      try {
        writeReply(res, reply);
      } catch (err) {
        context.report(`[error] writing the answer to ${req.method} ${req.url}: ${String(err)}`);
        res.destroy();
      }
    });
  });

  server.on('clientError', answerUnparsable);
  const address = await listen(server, settings);
  server.on('error', (err) => emu?.report(`[error] server: ${err.message}`));
  const url = baseUrl(settings.host, address);
  const tenant = defaultTenant();
  emu = {
    url,
    issuer: `${url}/`,
    tenant,
    key,
    clock: settings.clock,
    random,
    otpLength: settings.otpLength,
    otpTtlSeconds: settings.otpTtlSeconds,
    otps: new OtpStore(),
    users: new UserStore(random.userId),
    outbox: new Outbox(),
    refreshTokens: new RefreshTokenStore(random.refreshToken),
    report(line) {
      try {
        settings.onMessage(line);
      } catch {
        // The embedder's logger failing must not take a request down with it.
      }
    },
  };

  const outbox = emu.outbox;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      outbox.close(); // pending waits answer 503 before their sockets go
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      server.closeAllConnections();
      await stopped;
    })();
    return closed;
  };

  return { url, issuer: `${url}/`, tenant, close };
}
