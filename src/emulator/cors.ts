/**
 * Cross-origin resource sharing as an Auth0 tenant does it (docs/auth0-behaviour.md, B-CORS-1…B-CORS-5;
 * docs/emulator.md "CORS"), applied in one place: server.ts wraps every answer in {@link withCors}.
 *
 * - Which origins: per client, its `allowed_origins`, its `web_origins` and the origins of its
 *   Allowed Callback URLs ("If you have not already added it to the Allowed Callback URLs for
 *   your application, you will need to add it to the list of Allowed Origins (CORS)",
 *   https://auth0.com/docs/get-started/applications/set-up-cors), matched as callbacks are
 *   (callbacks.ts: `*.` for one sub-domain label, any port on a loopback host without a port).
 *   A preflight names no client (it has no body), so the headers use every client's origins; the
 *   per-client refusals are the endpoints' own (/co/authenticate, /oauth/token: {@link refusedOrigin}).
 * - Which endpoints: those a page calls ({@link CORS_METHODS}); the control API and the pages a
 *   browser navigates to (/authorize, /v2/logout, the magic link) take no part.
 * - Allowed: the origin echoed, never `*` (auth0.js sends credentials to /co/authenticate, and a
 *   wildcard is void with credentials, https://fetch.spec.whatwg.org/#cors-protocol-and-credentials),
 *   `access-control-allow-credentials: true`, `vary: Origin`, and the rate-limit headers exposed.
 * - Refused: no CORS headers at all, so the browser blocks the answer; a preflight gets Auth0's
 *   bare 403 "Origin … is not allowed." (the /co/authenticate error table of the auth0.js docs).
 * - Public configuration ({@link PUBLIC_PATHS}: Lock's client script): `*` for every origin, no
 *   credentials. A `<script>` reads it from any page anyway (no CORS applies to it), as from
 *   Auth0's CDN; `*` lets a page's fetch() read the same public text (docs/emulator.md "Lock").
 */
import type { IncomingMessage } from 'node:http';
import { callbackMatches } from './callbacks.ts';
import type { EmulatorContext } from './context.ts';
import { requestUrl } from './http-server.ts';
import { PATHS, routePath } from './paths.ts';
import type { Reply } from './respond.ts';
import type { Tenant, TenantClient } from './tenant.ts';

/** The endpoints a page may call from another origin, with their methods. */
export const CORS_METHODS: Readonly<Record<string, readonly string[]>> = {
  [PATHS.discovery]: ['GET'],
  [PATHS.jwks]: ['GET'],
  [PATHS.passwordlessStart]: ['POST'],
  [PATHS.coAuthenticate]: ['POST'],
  [PATHS.token]: ['POST'],
  [PATHS.userinfo]: ['GET'],
  // auth0-spa-js revokes the refresh token with fetch on logout; /v2/logout is a navigation, like /authorize.
  [PATHS.revoke]: ['POST'],
  // Lock's phone field asks it with auth0.js (its Auth0-Client header makes a preflight).
  [PATHS.geolocCountry]: ['GET'],
};

/** Readable by every origin, without credentials: public configuration, no tenant state. */
const PUBLIC_PATHS: readonly string[] = [PATHS.clientScript];

/** What auth0.js, auth0-spa-js and Bearer calls send besides the CORS-safelisted headers. */
export const CORS_ALLOWED_HEADERS = ['content-type', 'auth0-client', 'x-request-language', 'authorization'];
/** Readable by the page: the rate-limit headers (docs/auth0-behaviour.md, B-RATE-3, B-RATE-6). */
export const CORS_EXPOSED_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after'];
/** How long a browser may cache a preflight (Auth0's value is unknown; Chromium caps it at 2 h). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** The `Origin` header when it is one serialized origin (not `null`, not a URL with a path). */
export function requestOrigin(req: IncomingMessage): string | undefined {
  const value = req.headers.origin;
  if (value === undefined) return undefined;
  try {
    return new URL(value).origin === value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The origin of one callback pattern (`http://127.0.0.1/*` → `http://127.0.0.1`). */
function callbackOrigin(pattern: string): string | undefined {
  try {
    const url = new URL(pattern);
    return `${url.protocol}//${url.host}`;
  } catch {
    return undefined;
  }
}

/** The origin patterns of a client: allowed origins, web origins, and its callbacks' origins. */
export function clientOrigins(client: TenantClient): string[] {
  const fromCallbacks = client.callbacks.map(callbackOrigin).filter((origin) => origin !== undefined);
  return [...(client.allowed_origins ?? []), ...(client.web_origins ?? []), ...fromCallbacks];
}

/** Whether a page on `origin` may call the API for this client. */
export function originAllowedFor(client: TenantClient, origin: string): boolean {
  return clientOrigins(client).some((pattern) => callbackMatches(`${pattern}/`, `${origin}/`));
}

/** Whether some client of the tenant allows `origin` (what a preflight can know). */
export function originAllowed(tenant: Tenant, origin: string): boolean {
  return tenant.clients.some((client) => originAllowedFor(client, origin));
}

/**
 * Auth0's bare 403 for a refused origin: a text body, no `error` member ("you can also get a
 * generic 403 error without an error or error_description property", the /co/authenticate error
 * table at https://auth0.com/docs/libraries/auth0js).
 */
export function refusedOrigin(origin: string): Reply {
  return { status: 403, headers: { vary: 'Origin' }, raw: { contentType: 'text/plain; charset=utf-8', text: `Origin ${origin} is not allowed.` } };
}

/** The headers for an allowed origin; `*` (no credentials) for discovery and JWKS when the tenant opens them to all. */
function allowHeaders(origin: string, path: string, emu: EmulatorContext): Record<string, string> | undefined {
  const keysPath = path === PATHS.discovery || path === PATHS.jwks;
  if (originAllowed(emu.tenant, origin)) {
    return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' };
  }
  if (keysPath && emu.tenant.cors?.any_origin_for_keys === true) return { 'access-control-allow-origin': '*' };
  return undefined;
}

function preflight(req: IncomingMessage, origin: string | undefined, path: string, methods: readonly string[], emu: EmulatorContext): Reply {
  const allow = [...methods, 'OPTIONS'].join(', ');
  // Not a CORS preflight (no Origin, or no method asked for): the plain answer of RFC 9110 §9.3.7.
  if (origin === undefined || req.headers['access-control-request-method'] === undefined) {
    return { status: 204, headers: { allow, vary: 'Origin' } };
  }
  const allowed = allowHeaders(origin, path, emu);
  if (allowed === undefined) return refusedOrigin(origin);
  return {
    status: 204,
    headers: {
      ...allowed,
      'access-control-allow-methods': methods.join(', '),
      'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      allow,
      vary: 'Origin',
    },
  };
}

/** The `*` answers of a public path: its preflight, or the answer with `access-control-allow-origin: *`. */
async function publicCors(req: IncomingMessage, answer: () => Promise<Reply>): Promise<Reply> {
  const isPreflight = req.method === 'OPTIONS' && req.headers.origin !== undefined && req.headers['access-control-request-method'] !== undefined;
  if (isPreflight) {
    return {
      status: 204,
      headers: {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET',
        'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
        'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
        allow: 'GET, OPTIONS',
      },
    };
  }
  if (req.method === 'OPTIONS') return { status: 204, headers: { allow: 'GET, OPTIONS' } };
  const reply = await answer();
  return { ...reply, headers: { ...reply.headers, 'access-control-allow-origin': '*' } };
}

/** The route of the request's path (one for every `/client/<id>.js`), or undefined for a bad target. */
function pathOf(req: IncomingMessage): string | undefined {
  try {
    return routePath(requestUrl(req.url).pathname);
  } catch {
    return undefined; // the handler path answers the bad target
  }
}

/**
 * Answers a preflight itself; otherwise lets `answer` produce the reply and adds the CORS headers
 * to it, errors included. Requests to other paths pass through untouched.
 */
export async function withCors(req: IncomingMessage, emu: EmulatorContext, answer: () => Promise<Reply>): Promise<Reply> {
  const path = pathOf(req);
  if (path !== undefined && PUBLIC_PATHS.includes(path)) return publicCors(req, answer);
  const methods = path === undefined || !Object.hasOwn(CORS_METHODS, path) ? undefined : CORS_METHODS[path];
  if (path === undefined || methods === undefined) return answer();
  const origin = requestOrigin(req);
  if (req.method === 'OPTIONS') return preflight(req, origin, path, methods, emu);
  const allowed = origin === undefined ? undefined : allowHeaders(origin, path, emu);
  if (origin !== undefined && allowed === undefined && path === PATHS.passwordlessStart && emu.tenant.cors?.refuse_unlisted_origin_at_start === true) {
    return refusedOrigin(origin);
  }
  const reply = await answer();
  const cors = allowed === undefined ? {} : { ...allowed, 'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', ') };
  return { ...reply, headers: { ...reply.headers, ...cors, vary: 'Origin' } };
}
