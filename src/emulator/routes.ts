/**
 * The route table: one named entry per (method, path), as oidc-provider's `initialize_app.js`.
 * A known path with another method is 405 with `allow` (RFC 9110 §15.5.6); anything else 404.
 */
import { authorize } from './actions/authorize.ts';
import { clientScript } from './actions/client-script.ts';
import { coAuthenticate } from './actions/co-authenticate.ts';
import { clearOutbox, health, listOutbox, waitOutbox } from './actions/control.ts';
import { advanceClock, getClock } from './actions/control-clock.ts';
import { armFaults, clearFaults, listFaults } from './actions/control-faults.ts';
import { reset, rotateKeys } from './actions/control-state.ts';
import { discovery } from './actions/discovery.ts';
import { geolocCountry } from './actions/geoloc-country.ts';
import { jwks } from './actions/jwks.ts';
import { postChallenge, postIdentifier } from './actions/login-page.ts';
import { logout } from './actions/logout.ts';
import { oidcLogout, oidcLogoutPost } from './actions/oidc-logout.ts';
import { passwordlessStart } from './actions/passwordless-start.ts';
import { passwordlessVerify } from './actions/passwordless-verify.ts';
import { peekStartCaller, peekTokenCaller, rateLimited } from './actions/rate-limited.ts';
import { revoke } from './actions/revoke.ts';
import { token } from './actions/token.ts';
import { userinfo } from './actions/userinfo.ts';
import { verifyRedirect } from './actions/verify-redirect.ts';
import type { Handler } from './context.ts';
import { PATHS } from './paths.ts';
import { OAuthError } from './errors.ts';
import { clip } from './form.ts';

export interface Route {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handler: Handler;
}

export const ROUTES: readonly Route[] = [
  { name: 'discovery', method: 'GET', path: PATHS.discovery, handler: discovery },
  { name: 'jwks', method: 'GET', path: PATHS.jwks, handler: jwks },
  {
    name: 'passwordless_start',
    method: 'POST',
    path: PATHS.passwordlessStart,
    handler: rateLimited((emu) => emu.limits?.start, peekStartCaller, passwordlessStart),
  },
  // A browser follows it; not rate limited (docs/emulator.md "GET /passwordless/verify_redirect").
  { name: 'verify_redirect', method: 'GET', path: PATHS.verifyRedirect, handler: verifyRedirect },
  // For browsers (docs/emulator.md "Browsers"): auth0.js passwordlessLogin from a page, then /authorize.
  { name: 'co_authenticate', method: 'POST', path: PATHS.coAuthenticate, handler: coAuthenticate },
  { name: 'authorize', method: 'GET', path: PATHS.authorize, handler: authorize },
  // The Universal Login page's forms (docs/emulator.md "Login page").
  { name: 'login_identifier', method: 'POST', path: PATHS.loginIdentifier, handler: postIdentifier },
  { name: 'login_challenge', method: 'POST', path: PATHS.loginChallenge, handler: postChallenge },
  { name: 'passwordless_verify', method: 'POST', path: PATHS.passwordlessVerify, handler: passwordlessVerify },
  { name: 'token', method: 'POST', path: PATHS.token, handler: rateLimited((emu) => emu.limits?.token, peekTokenCaller, token) },
  { name: 'userinfo', method: 'GET', path: PATHS.userinfo, handler: userinfo },
  // Logout and revocation (docs/emulator.md "Logout and revocation"): a browser follows /v2/logout.
  { name: 'logout', method: 'GET', path: PATHS.logout, handler: logout },
  // OIDC RP-Initiated Logout (docs/emulator.md "GET and POST /oidc/logout"): GET and POST, as §2 asks.
  { name: 'oidc_logout', method: 'GET', path: PATHS.oidcLogout, handler: oidcLogout },
  { name: 'oidc_logout_post', method: 'POST', path: PATHS.oidcLogout, handler: oidcLogoutPost },
  { name: 'revoke', method: 'POST', path: PATHS.revoke, handler: revoke },
  // Lock, Auth0's embedded login widget (docs/emulator.md "Lock"): its client configuration script, one per client, and its country.
  { name: 'client_script', method: 'GET', path: PATHS.clientScript, handler: clientScript },
  { name: 'geoloc_country', method: 'GET', path: PATHS.geolocCountry, handler: geolocCountry },
  { name: 'health', method: 'GET', path: PATHS.health, handler: health },
  { name: 'outbox', method: 'GET', path: PATHS.outbox, handler: listOutbox },
  { name: 'outbox_clear', method: 'DELETE', path: PATHS.outbox, handler: clearOutbox },
  { name: 'outbox_wait', method: 'GET', path: PATHS.outboxWait, handler: waitOutbox },
  { name: 'clock', method: 'GET', path: PATHS.clock, handler: getClock },
  { name: 'clock_advance', method: 'POST', path: PATHS.clock, handler: advanceClock },
  { name: 'reset', method: 'POST', path: PATHS.reset, handler: reset },
  { name: 'faults', method: 'GET', path: PATHS.faults, handler: listFaults },
  { name: 'faults_arm', method: 'POST', path: PATHS.faults, handler: armFaults },
  { name: 'faults_clear', method: 'DELETE', path: PATHS.faults, handler: clearFaults },
  { name: 'keys_rotate', method: 'POST', path: PATHS.keysRotate, handler: rotateKeys },
];

/** The handler for a request, or the 404/405 error to answer with. */
export function resolveRoute(method: string, path: string): Handler {
  const onPath = ROUTES.filter((route) => route.path === path);
  const route = onPath.find((candidate) => candidate.method === method);
  if (route !== undefined) return route.handler;
  if (onPath.length > 0) {
    const allow = onPath.map((candidate) => candidate.method).join(', ');
    throw new OAuthError(405, 'method_not_allowed', `${method} is not allowed on ${path}; use ${allow}.`, {
      headers: { allow },
    });
  }
  throw new OAuthError(404, 'not_found', `${method} ${clip(path, 200)} is not an endpoint of the pwless emulator.`);
}
