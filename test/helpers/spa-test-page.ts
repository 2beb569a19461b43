/**
 * The app page of the auth0-spa-js browser test (docs/emulator.md "Browsers", E-BROWSER-4): a
 * node:http server on its own loopback origin that serves `@auth0/auth0-spa-js`'s published
 * browser bundle and one page, at `/` and `/callback`, which makes an `auth0.Auth0Client` from the
 * given options and exposes
 * - `login()`: `loginWithRedirect` (PKCE: the SDK's own code verifier and S256 challenge);
 * - on `/callback`, `handleRedirectCallback` (the `authorization_code` grant on /oauth/token),
 *   then `getUser`; the outcome lands in `window.outcome` as `{user}` or `{error}`.
 * As in an app, nothing here knows it talks to an emulator but the options (`domain` is its URL).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const BUNDLE = fileURLToPath(new URL('../../node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.js', import.meta.url));

export interface SpaTestPage {
  origin: string;
  close(): Promise<void>;
}

function page(options: Record<string, unknown>): string {
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>auth0-spa-js test app</title><script src="/auth0-spa-js.js"></script></head>
<body><p>auth0-spa-js against the pwless emulator</p>
<script>
const options = ${json};
options.authorizationParams = Object.assign({ redirect_uri: location.origin + '/callback' }, options.authorizationParams);
const client = new auth0.Auth0Client(options);
window.login = () => client.loginWithRedirect();
if (location.pathname === '/callback') {
  client.handleRedirectCallback()
    .then(() => client.getUser())
    .then((user) => { window.outcome = { user }; }, (error) => { window.outcome = { error: { name: error.name, error: error.error, message: error.message } }; });
}
</script></body></html>
`;
}

export async function startSpaTestPage(options: Record<string, unknown>): Promise<SpaTestPage> {
  const html = page(options);
  const bundle = readFileSync(BUNDLE);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (path === '/auth0-spa-js.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    else if (path === '/' || path === '/callback') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
