/**
 * A small JSON API on loopback for the test doubles of real services (Mailpit, Mailosaur): each
 * request is recorded (method, path, query, headers, body) and answered by the double's handler.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ApiAnswer {
  status: number;
  json?: unknown;
  /** The body as it is, for JSON that JSON.stringify cannot write (`1e400`); sent as application/json. */
  text?: string;
  headers?: Record<string, string>;
}

export interface JsonApiServer {
  url: string;
  requests: ApiRequest[];
  close(): Promise<void>;
}

export async function startJsonApi(handle: (req: ApiRequest) => ApiAnswer): Promise<JsonApiServer> {
  const requests: ApiRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ApiRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = handle(request);
      const body = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
      const json = answer.json !== undefined || answer.text !== undefined;
      res.writeHead(answer.status, { ...(json ? { 'content-type': 'application/json' } : {}), ...answer.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
