/**
 * A real HTTP server on loopback that stands in front of the emulator, as a proxy, CDN or
 * look-alike server would in front of a tenant: each test decides, per request, to forward it to
 * the emulator (and maybe change the answer) or to answer itself. It records every request, bodies
 * included, so a test can see what pwless sent where.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: Seen, forward: () => Promise<Answer>) => Promise<Answer> | Answer;

export interface FrontServer {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

export async function startFront(upstream: string | undefined, handler: Handler): Promise<FrontServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: Seen = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      const forward = async (): Promise<Answer> => {
        if (upstream === undefined) throw new Error('nothing to forward to');
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length'),
        ) as Record<string, string>;
        const init: RequestInit = { method: request.method, headers, redirect: 'manual', ...(request.body !== '' ? { body: request.body } : {}) };
        const answer = await fetch(new URL(request.path, upstream), init);
        const out: Record<string, string> = {};
        answer.headers.forEach((v, k) => {
          if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection' && k !== 'keep-alive') out[k] = v;
        });
        return { status: answer.status, headers: out, body: await answer.text() };
      };
      Promise.resolve(handler(request, forward)).then(
        (answer) => res.writeHead(answer.status, answer.headers).end(answer.body),
        (error: Error) => res.writeHead(599).end(String(error.message)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}

/** The emulator's discovery document as if it were served at `front`: issuer and endpoints rewritten. */
export function rehomeDiscovery(answer: Answer, upstream: string, front: string): Answer {
  return { ...answer, body: answer.body.split(upstream).join(front) };
}

export const html = (status: number, body: string): Answer => ({ status, headers: { 'content-type': 'text/html; charset=utf-8' }, body });
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
