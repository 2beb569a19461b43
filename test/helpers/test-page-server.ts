/**
 * The test page of the browser tests: a small node:http (or node:https) server on its own
 * loopback origin that serves auth0-js's published browser bundle and one page, at `/` and at
 * `/callback`, which creates an `auth0.WebAuth` from the given options and exposes
 * - `startLogin(email)`: `passwordlessStart` (send a code), resolves `{ok}` or `{error}`;
 * - `finishLogin(email, code)`: `passwordlessLogin` (POST /co/authenticate, then the browser goes
 *   to /authorize and back to /callback); an error lands in `window.loginError`;
 * - on `/callback`, `parseHash` runs at once and its outcome lands in `window.parsed`.
 * The page is the same as an app's: nothing in it knows it talks to an emulator, except the
 * options (domain, issuer).
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const BUNDLE = fileURLToPath(new URL('../../node_modules/auth0-js/dist/auth0.min.js', import.meta.url));

export interface TestPage {
  /** The page's origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  close(): Promise<void>;
}

/** JSON that is safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function page(options: Record<string, unknown>): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pwless browser test</title><script src="/auth0.min.js"></script></head>
<body><p>auth0.js against the pwless emulator</p>
<script>
const plain = (value) => { try { return JSON.parse(JSON.stringify(value)); } catch { return String(value); } };
const webAuth = new auth0.WebAuth(Object.assign(${scriptJson(options)}, { redirectUri: location.origin + '/callback' }));
window.startLogin = (email) => new Promise((resolve) =>
  webAuth.passwordlessStart({ connection: 'email', send: 'code', email }, (error, ok) => resolve(error ? { error: plain(error) } : { ok: plain(ok) })));
window.finishLogin = (email, code) => {
  webAuth.passwordlessLogin({ connection: 'email', email, verificationCode: code }, (error) => { window.loginError = plain(error); });
};
if (location.pathname === '/callback') {
  webAuth.parseHash((error, result) => { window.parsed = error ? { error: plain(error) } : { ok: plain(result) }; });
}
</script></body></html>
`;
}

/** Starts the page server on 127.0.0.1 and a free port; `tls` makes it HTTPS. */
export function startTestPage(options: Record<string, unknown>, tls?: { cert: string; key: string }): Promise<TestPage> {
  return serveTestPage(page(options), { path: '/auth0.min.js', body: readFileSync(BUNDLE) }, tls);
}

/**
 * A page's own loopback origin (HTTP, or HTTPS with `tls`): `html` at `/` and at `/callback` (where
 * the login comes back), the one script it loads at `script.path`, 404 for anything else.
 */
export async function serveTestPage(html: string, script: { path: string; body: Buffer }, tls?: { cert: string; key: string }): Promise<TestPage> {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (path === script.path) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script.body);
    } else if (path === '/' || path === '/callback') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    } else {
      res.writeHead(404).end();
    }
  };
  const server: Server =
    tls === undefined ? createHttpServer(listener) : createHttpsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
