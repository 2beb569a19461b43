/**
 * The loopback listener of `start --send link --listen`: a server on 127.0.0.1 that waits for the
 * browser to land on the callback after the user clicks the link. It answers only the expected
 * path with the expected state; anything else gets an error page and the wait goes on, until
 * the timeout or Ctrl-C. The browser's answer is held until the login is finished, so the page
 * can say whether it worked.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InterruptedError, NetworkError, UsageError } from '../../core/errors.ts';

export const CALLBACK_PATH = '/callback';

export interface Listener {
  redirectUri: string;
  /** Resolves with the callback's query once a request with the right state arrives. */
  callback(
    state: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ params: Record<string, string>; answer: (ok: boolean, message: string) => void }>;
  close(): Promise<void>;
}

export async function openListener(port: number): Promise<Listener> {
  // getBuiltinModule, not an ES import: importing node:http as a module also evaluates its lazy
  // WebSocket getter, which loads a second copy of undici (~30 ms; issue 16).
  const { createServer } = process.getBuiltinModule('node:http');
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => (handler ? handler(req, res) : page(res, 503, 'Not ready', 'pwless is not waiting for a login yet.')));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new UsageError(`--listen ${port}: the port is in use.`, { code: 'listen_port_in_use', hint: 'Pass --listen 0 to take any free port.' })
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}${CALLBACK_PATH}`;
  return {
    redirectUri,
    callback: (state, timeoutMs, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new NetworkError(`No browser came back to ${redirectUri} within ${timeoutMs / 1000} s.`, {
                code: 'listen_timeout',
                hint: 'Click the link on this machine, or raise --listen-timeout.',
              }),
            ),
          timeoutMs,
        );
        const onAbort = () => reject(new InterruptedError('Interrupted while waiting for the browser.', { code: 'interrupted' }));
        signal?.addEventListener('abort', onAbort, { once: true });
        handler = (req, res) => {
          const url = new URL(req.url ?? '/', redirectUri);
          if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) return page(res, 404, 'Not found', 'This is not the pwless callback.');
          const params = Object.fromEntries(url.searchParams);
          if (params.state !== state)
            return page(res, 400, 'Wrong state', 'This callback is not for the login pwless is waiting for (its state does not match).');
          handler = (_req, late) => page(late, 410, 'Done', 'pwless has already received its callback.');
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve({ params, answer: (ok, message) => page(res, ok ? 200 : 400, ok ? 'Logged in' : 'Login failed', message) });
        };
      }),
    close: () => new Promise((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}

function page(res: ServerResponse, status: number, title: string, message: string): void {
  const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><title>pwless: ${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p>You can close this tab.</p>\n`,
  );
}
