/**
 * The app page of the Lock browser test (docs/emulator.md "Lock", E-BROWSER-6): Auth0's embedded
 * login widget from the `auth0-lock` npm package, bundled as an app bundles it, on a node:http (or
 * node:https) server of its own loopback origin.
 *
 * - {@link buildLockBundle}: the npm package has no browser build (its `lib/` is CommonJS for a
 *   bundler), so esbuild bundles it once per test file, as webpack would for an app: `browser`,
 *   then `module`, then `main` fields, `process.env.NODE_ENV` defined, one React (below).
 * - {@link startLockTestPage}: one page, at `/` and at `/callback`, that makes an
 *   `Auth0LockPasswordless` from the given options and records its `authenticated`,
 *   `authorization_error` and `unrecoverable_error` events in `window.lockEvents`; on `/` it shows
 *   the widget, on `/callback` Lock reads the tokens in the fragment by itself (as in an app, the
 *   redirect comes back to a page that makes the same Lock).
 * - {@link lockCdnRoute}: Lock loads its English texts from Auth0's CDN
 *   (`https://cdn.auth0.com/js/lock/<version>/en.js`, auth0/lock `src/i18n.js` `syncLang`) and its
 *   default logo from there too; the test answers the first with the package's own dictionary and
 *   refuses everything else off the machine, so nothing leaves it.
 * Nothing in the page knows it talks to an emulator but the options (domain, configurationBaseUrl,
 * the issuer overrides over plain HTTP).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { scriptJson, serveTestPage, type TestPage } from './test-page-server.ts';

const require = createRequire(import.meta.url);
const LOCK_DIR = dirname(require.resolve('auth0-lock/package.json'));

/** The React a package sees from Lock's directory: Lock's own copy when npm nested one there. */
function lockOwn(name: string): string {
  return dirname(require.resolve(`${name}/package.json`, { paths: [LOCK_DIR] }));
}

/**
 * Bundles `Auth0LockPasswordless` into `<dir>/lock.js` (an IIFE that sets `window.Auth0LockPasswordless`).
 * npm may hoist another React next to Lock's (here React 19, for MailDev's UI) and nest Lock's own
 * React 18 under it; a hoisted dependency of Lock (react-transition-group) would then resolve the
 * other one, and two Reacts in one page fail ("Objects are not valid as a React child"). An app's
 * bundler is told to use one React (webpack `resolve.alias`); so is esbuild here.
 */
export async function buildLockBundle(dir: string): Promise<string> {
  const outfile = join(dir, 'lock.js');
  await build({
    stdin: {
      contents: "import { Auth0LockPasswordless } from 'auth0-lock';\nwindow.Auth0LockPasswordless = Auth0LockPasswordless;\n",
      resolveDir: LOCK_DIR,
      loader: 'js',
    },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    mainFields: ['browser', 'module', 'main'],
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: { react: lockOwn('react'), 'react-dom': lockOwn('react-dom') },
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/** What Lock's CDN serves at `/js/lock/<version>/en.js`: the package's English dictionary, registered. */
function englishDictionaryScript(): string {
  const english: unknown = require('auth0-lock/lib/i18n/en.js').default;
  return `Auth0.registerLanguageDictionary('en', ${JSON.stringify(english)});\n`;
}

/** Answers Lock's dictionary from the package and refuses every request that would leave the machine. */
export async function lockCdnRoute(context: BrowserContext): Promise<void> {
  const dictionary = englishDictionaryScript();
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === 'cdn.auth0.com' && /^\/js\/lock\/[^/]+\/en\.js$/.test(url.pathname)) {
        return route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: dictionary });
      }
      return route.abort();
    },
  );
}

export interface LockEvent {
  name: 'authenticated' | 'authorization_error' | 'unrecoverable_error';
  value: Record<string, any>;
}

function page(clientId: string, domain: string, options: Record<string, unknown>): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lock test app</title><script src="/lock.js"></script></head>
<body><p>Lock against the pwless emulator</p>
<script>
const plain = (value) => {
  if (value instanceof Error) return { message: value.message, code: value.code };
  try { return JSON.parse(JSON.stringify(value)); } catch { return String(value); }
};
const options = ${scriptJson(options)};
options.auth = Object.assign({ redirectUrl: location.origin + '/callback' }, options.auth);
window.lockEvents = [];
const lock = new Auth0LockPasswordless(${scriptJson(clientId)}, ${scriptJson(domain)}, options);
for (const name of ['authenticated', 'authorization_error', 'unrecoverable_error']) {
  lock.on(name, (value) => { window.lockEvents.push({ name, value: plain(value) }); });
}
if (location.pathname === '/') lock.show();
</script></body></html>
`;
}

/** Starts the page server on 127.0.0.1 and a free port, serving `bundle` as /lock.js; `tls` makes it HTTPS. */
export function startLockTestPage(
  app: { clientId: string; domain: string; options: Record<string, unknown> },
  bundle: string,
  tls?: { cert: string; key: string },
): Promise<TestPage> {
  return serveTestPage(page(app.clientId, app.domain, app.options), { path: '/lock.js', body: readFileSync(bundle) }, tls);
}
