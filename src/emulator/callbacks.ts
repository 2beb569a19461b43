/**
 * "Allowed Callback URLs": whether a `redirect_uri` may receive a magic link's code or tokens
 * (docs/auth0-behaviour.md, B-LINK-3: it must be an allowed callback). Auth0's exact matching
 * rules are unknown; these are the emulator's, documented in docs/emulator.md
 * "Allowed callback URLs":
 *
 * - the `redirect_uri` must be an absolute URL without a fragment (RFC 6749 §3.1.2) and without
 *   user info; anything else matches nothing;
 * - scheme and host compare exactly (both lower-cased by URL parsing);
 * - a pattern host may start with `*.`: it then stands for exactly one more DNS label
 *   (`https://*.example.com/cb` matches `https://a.example.com/cb`, not `https://example.com/cb`
 *   nor `https://a.b.example.com/cb`);
 * - port: a pattern with a port needs that port. A pattern without one, on a loopback host
 *   (`127.0.0.1`, `[::1]`, `localhost`), matches ANY port, because native apps listen on a port
 *   the OS gives them (RFC 8252 §7.3); on any other host it needs the scheme's default port;
 * - path and query: the pattern's path (with its query, if any) must equal the redirect_uri's,
 *   where each `*` matches any run of characters, `/` and `?` included. So `http://127.0.0.1/*`
 *   matches `http://127.0.0.1:53123/callback?x=1`, and `http://127.0.0.1/cb` only `/cb`.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Why a `redirect_uri` can never match, before any pattern is looked at; undefined when it can. */
export function redirectUriProblem(redirectUri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return 'it is not an absolute URL';
  }
  if (url.hash !== '' || redirectUri.includes('#')) return 'it has a fragment (#…), which a redirect URI must not have (RFC 6749 §3.1.2)';
  if (url.username !== '' || url.password !== '') return 'it has user info (user@host)';
  if (url.host === '') return 'it has no host';
  return undefined;
}

/** A `*` glob: the whole text must match, `*` standing for any run of characters. */
function globMatches(pattern: string, text: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(text);
}

function hostMatches(patternHost: string, host: string): boolean {
  if (!patternHost.startsWith('*.')) return patternHost === host;
  const suffix = patternHost.slice(1); // ".example.com"
  const label = host.slice(0, host.length - suffix.length);
  return host.endsWith(suffix) && label !== '' && !label.includes('.');
}

function portMatches(pattern: URL, url: URL): boolean {
  if (pattern.port !== '') return pattern.port === url.port;
  return LOOPBACK_HOSTS.has(pattern.hostname) || url.port === '';
}

/** Whether one allowed-callback pattern admits the redirect URI. */
export function callbackMatches(pattern: string, redirectUri: string): boolean {
  if (redirectUriProblem(redirectUri) !== undefined) return false;
  let allowed: URL;
  try {
    allowed = new URL(pattern);
  } catch {
    return false;
  }
  const url = new URL(redirectUri);
  return (
    allowed.protocol === url.protocol &&
    hostMatches(allowed.hostname, url.hostname) &&
    portMatches(allowed, url) &&
    globMatches(allowed.pathname + allowed.search, url.pathname + url.search)
  );
}

/** Whether any of the client's `callbacks` admits the redirect URI. */
export function isAllowedCallback(callbacks: readonly string[], redirectUri: string): boolean {
  return callbacks.some((pattern) => callbackMatches(pattern, redirectUri));
}
