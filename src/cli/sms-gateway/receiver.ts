/**
 * The HTTP side of `pwless sms-gateway`: a receiver of Auth0's custom SMS gateway contract (Auth0
 * docs, "Set Up Custom SMS Gateway for Passwordless Connections":
 * https://auth0.com/docs/authenticate/passwordless/authentication-methods/use-sms-gateway-passwordless).
 * A POST to any path with JSON `{recipient, body, sender, req?}` is one message (200; Auth0 reads
 * only the status); with a secret, only under a valid bearer JWT (else 401, logged). Messages are
 * read back with `GET /messages?to=&since=` (`since` in epoch ms or ISO 8601), the shape of the
 * emulator's outbox; `GET /health` answers `{"status": "ok"}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refusalOf, type GatewayAuthentication } from './bearer.ts';
import { SmsInbox, type ReceivedSms } from './inbox.ts';

/** An SMS body is short; this bounds what one request can make us hold. */
const MAX_BODY_BYTES = 64 * 1024;

export interface ReceiverOptions {
  host: string;
  port: number;
  maxMessages: number;
  auth?: GatewayAuthentication | undefined;
  onMessage(message: ReceivedSms): void;
  onRefused(refusal: { status: number; reason: string; from: string; path: string }): void;
}

export interface Receiver {
  url: string;
  close(): Promise<void>;
}

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const inbox = new SmsInbox(options.maxMessages);
  const server = createServer((req, res) => {
    handle(req, res, inbox, options).catch(() => {
      if (!res.headersSent) reply(res, 500, { error: 'server_error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, inbox: SmsInbox, options: ReceiverOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://receiver');
  const from = req.socket.remoteAddress ?? 'unknown';
  if (req.method === 'GET' && url.pathname === '/messages') return listMessages(res, url, inbox);
  if (req.method === 'GET' && url.pathname === '/health') return reply(res, 200, { status: 'ok' });
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return reply(res, 405, { error: 'method_not_allowed', error_description: 'POST a message, or GET /messages' });
  }
  const refuse = (status: number, reason: string) => {
    options.onRefused({ status, reason, from, path: url.pathname });
    reply(res, status, { error: status === 401 ? 'unauthorized' : 'invalid_request', error_description: reason });
  };
  if (options.auth !== undefined) {
    const reason = await refusalOf(req.headers.authorization, options.auth);
    if (reason !== undefined) {
      req.resume();
      return refuse(401, reason);
    }
  }
  const text = await readBody(req);
  if (text === undefined) return refuse(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return refuse(400, 'the body is not JSON');
  }
  const m = message as { recipient?: unknown; body?: unknown; sender?: unknown; req?: unknown } | null;
  if (m === null || typeof m !== 'object' || typeof m.recipient !== 'string' || m.recipient === '' || typeof m.body !== 'string') {
    return refuse(400, 'the body is not {"recipient": "...", "body": "...", "sender": "..."}');
  }
  const received = inbox.add({ recipient: m.recipient, body: m.body, sender: typeof m.sender === 'string' ? m.sender : undefined, req: m.req });
  options.onMessage(received);
  reply(res, 200, { id: received.id });
}

function listMessages(res: ServerResponse, url: URL, inbox: SmsInbox): void {
  const since = url.searchParams.get('since');
  let sinceMs: number | undefined;
  if (since !== null && since !== '') {
    sinceMs = /^\d+$/.test(since) ? Number(since) : Date.parse(since);
    if (!Number.isFinite(sinceMs)) {
      reply(res, 400, { error: 'invalid_request', error_description: 'since is neither epoch milliseconds nor an ISO 8601 time' });
      return;
    }
  }
  const to = url.searchParams.get('to') ?? undefined;
  const messages = inbox.list({ to: to === '' ? undefined : to, sinceMs }).map(({ id, channel, to: number, body, code, link, created_at }) => ({
    id,
    channel,
    to: number,
    body,
    code,
    link,
    created_at,
  }));
  reply(res, 200, { messages });
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the bound the rest is read and dropped, so that the refusal can still be answered.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
