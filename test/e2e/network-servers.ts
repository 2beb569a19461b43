/**
 * Real misbehaving servers on loopback for the network tests: one that accepts and never answers,
 * one whose body is too large, an HTTPS server with a given certificate, and an HTTP proxy that
 * tunnels CONNECT and forwards absolute-URI requests (what undici's ProxyAgent sends for http://
 * targets), counting both, or refuses everything with a status.
 */
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import type { KeyPair } from '../helpers/certificates.ts';

export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function listen(server: net.Server, scheme: string): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Accepts connections and requests, and never answers. `requests` counts what arrived. */
export async function silentServer(): Promise<TestServer & { requests: () => number }> {
  let requests = 0;
  const server = http.createServer(() => void requests++);
  return { ...(await listen(server, 'http')), requests: () => requests };
}

/** Answers every request with a JSON body of `bytes` bytes. */
export function bigBodyServer(bytes: number): Promise<TestServer> {
  const body = Buffer.alloc(bytes, 'a');
  body.write('{"a":"', 0);
  body.write('"}', bytes - 2);
  return listen(
    http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body)),
    'http',
  );
}

/** HTTPS with the given certificate; answers 404 to anything (the TLS tests fail before that). */
export function tlsServer(pair: KeyPair): Promise<TestServer> {
  const server = https.createServer({ cert: readFileSync(pair.cert), key: readFileSync(pair.key) }, (_req, res) => res.writeHead(404).end());
  server.on('tlsClientError', () => {});
  return listen(server, 'https');
}

export interface ProxySeen {
  kind: 'connect' | 'forward';
  /** host:port for a tunnel, the absolute URL for a forwarded request. */
  target: string;
  method: string;
}

/** An HTTP proxy: CONNECT tunnels and absolute-URI forwarding, or `refuse` as the answer to both. */
export async function proxyServer(options: { refuse?: number } = {}): Promise<TestServer & { seen: ProxySeen[] }> {
  const seen: ProxySeen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ kind: 'forward', target: req.url ?? '', method: req.method ?? '' });
    if (options.refuse) {
      res.writeHead(options.refuse, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push({ kind: 'connect', target: req.url ?? '', method: 'CONNECT' });
    client.on('error', () => {});
    if (options.refuse) {
      client.end(`HTTP/1.1 ${options.refuse} Refused\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  return { ...(await listen(server, 'http')), seen };
}
