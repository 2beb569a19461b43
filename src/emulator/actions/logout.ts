/**
 * GET /v2/logout (Auth0 Authentication API "Logout", docs/auth0-behaviour.md B-LOGOUT-1…B-LOGOUT-4):
 * ends the session and sends the browser to `returnTo`. The emulator keeps no sessions, so
 * logging out only checks where the browser may go:
 * - `client_id` and `returnTo`: `returnTo` must match one of the client's Allowed Logout URLs
 *   (logout-urls.ts); then a 302 to it. Otherwise Auth0's error page, its text byte for byte:
 *   `The "returnTo" querystring parameter "<url>" is not defined as a valid URL in "Allowed Logout URLs".`
 * - `client_id` without `returnTo`: "the server returns the user to the first Allowed Logout
 *   URLs set" (https://auth0.com/docs/authenticate/login/logout/redirect-users-after-logout) when
 *   the client lists one without a wildcard; else a small page saying the user is logged out.
 * - `returnTo` without `client_id`: Auth0 checks the tenant's Allowed Logout URLs, which the
 *   emulator has none of, so it is refused like a URL the client does not allow.
 */
import type { Handler } from '../context.ts';
import { refused } from '../error-page.ts';
import { loggedOutPage, logoutRedirect } from '../logged-out-page.ts';
import { firstLogoutUrl, logoutUrlAllowed } from '../logout-urls.ts';
import { findClient } from '../tenant.ts';

const ENDPOINT = 'GET /v2/logout';
const COME_BACK = "Pass returnTo (one of the application's Allowed Logout URLs) and client_id to come back to the application.";

/** Auth0's sentence for a refused `returnTo` (B-LOGOUT-3). */
export function returnToRefusal(returnTo: string): string {
  return `The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs".`;
}

export const logout: Handler = async (req, emu) => {
  const clientId = req.url.searchParams.get('client_id') ?? undefined;
  const returnTo = req.url.searchParams.get('returnTo') ?? undefined;
  const client = clientId === undefined || clientId === '' ? undefined : findClient(emu.tenant, clientId);
  if (clientId !== undefined && clientId !== '' && client === undefined) {
    throw refused('unknown_client', `No application has the client_id ${JSON.stringify(clientId)}.`, ENDPOINT);
  }
  if (returnTo !== undefined && returnTo !== '') {
    if (client === undefined || !logoutUrlAllowed(client, returnTo)) throw refused('invalid_return_to', returnToRefusal(returnTo), ENDPOINT);
    return logoutRedirect(returnTo);
  }
  const first = client === undefined ? undefined : firstLogoutUrl(client);
  if (first !== undefined) return logoutRedirect(first);
  return loggedOutPage(ENDPOINT, COME_BACK);
};
