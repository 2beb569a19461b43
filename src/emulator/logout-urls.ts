/**
 * "Allowed Logout URLs" (docs/auth0-behaviour.md, B-LOGOUT-1, B-LOGOUT-2): where `GET /v2/logout`
 * may send the browser back to. Per client the tenant file's `allowed_logout_urls` (Auth0's
 * Management API name); when absent, the origins of the client's Allowed Callback URLs with any
 * path (`https://app.example.com/cb` gives `https://app.example.com/*`), so an app that may log
 * in may also come back after logging out. Patterns match as callbacks do (callbacks.ts: `*.` for
 * one label, any port on a loopback host without a port). Auth0 ignores the query string and the
 * fragment of `returnTo` when it checks it ("the query string, and hash information provided as
 * part of the URL are not taken into account",
 * https://auth0.com/docs/authenticate/login/logout/redirect-users-after-logout), so they are
 * dropped before matching and kept in the redirect.
 */
import { callbackMatches } from './callbacks.ts';
import type { TenantClient } from './tenant.ts';

/** The logout URL patterns in force for a client: its own list, else its callbacks' origins. */
export function logoutUrlPatterns(client: TenantClient): string[] {
  if (client.allowed_logout_urls !== undefined) return client.allowed_logout_urls;
  const origins = new Set<string>();
  for (const pattern of client.callbacks) {
    try {
      const url = new URL(pattern);
      origins.add(`${url.protocol}//${url.host}/*`);
    } catch {
      // the tenant schema admits absolute URLs only
    }
  }
  return [...origins];
}

/**
 * Where a logout without a destination goes: "If the client_id parameter is included and the
 * returnTo URL is not set, the server returns the user to the first Allowed Logout URLs set"
 * (https://auth0.com/docs/authenticate/login/logout/redirect-users-after-logout; the same for
 * `post_logout_redirect_uri` at /oidc/logout, https://auth0.com/docs/api/authentication/logout/oidc-logout).
 * Only the client's own list, and only an entry without a wildcard (a pattern is no URL to go to).
 */
export function firstLogoutUrl(client: TenantClient): string | undefined {
  const first = client.allowed_logout_urls?.[0];
  return first !== undefined && !first.includes('*') ? first : undefined;
}

/** Whether `returnTo` may receive the browser after logging out of this client. */
export function logoutUrlAllowed(client: TenantClient, returnTo: string): boolean {
  let url: URL;
  try {
    url = new URL(returnTo);
  } catch {
    return false;
  }
  url.search = '';
  url.hash = '';
  const bare = url.href;
  return logoutUrlPatterns(client).some((pattern) => callbackMatches(pattern, bare));
}
