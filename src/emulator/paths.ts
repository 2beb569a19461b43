/**
 * The paths the emulator serves, and which of them a fault may target. Constants (and the one
 * pattern, {@link routePath}) only, so that the routes, CORS, the fault schema, the magic-link
 * builder and the banner can share them without importing the state in context.ts (which imports
 * their stores).
 */
/** Paths of the served endpoints; discovery and token audiences are built from these. */
export const PATHS = {
  discovery: '/.well-known/openid-configuration',
  jwks: '/.well-known/jwks.json',
  authorize: '/authorize',
  passwordlessStart: '/passwordless/start',
  verifyRedirect: '/passwordless/verify_redirect',
  passwordlessVerify: '/passwordless/verify',
  coAuthenticate: '/co/authenticate',
  /** The Universal Login page's forms (actions/login-page.ts). */
  loginIdentifier: '/u/login/identifier',
  loginChallenge: '/u/login/passwordless-challenge',
  token: '/oauth/token',
  userinfo: '/userinfo',
  logout: '/v2/logout',
  /** OpenID Connect RP-Initiated Logout 1.0, Auth0's `end_session_endpoint` (actions/oidc-logout.ts). */
  oidcLogout: '/oidc/logout',
  revoke: '/oauth/revoke',
  /**
   * Lock's client configuration script (actions/client-script.ts): a pattern, one path per client,
   * `/client/<client_id>.js`; {@link routePath} maps a request's path to it.
   */
  clientScript: '/client/{client_id}.js',
  /** The country Lock's phone field starts with (actions/geoloc-country.ts). */
  geolocCountry: '/user/geoloc/country',
  health: '/__emulator/health',
  outbox: '/__emulator/outbox',
  outboxWait: '/__emulator/outbox/wait',
  clock: '/__emulator/clock',
  reset: '/__emulator/reset',
  faults: '/__emulator/faults',
  keysRotate: '/__emulator/keys/rotate',
} as const;

const CLIENT_SCRIPT = /^\/client\/([^/]+)\.js$/;

/** The route a request path belongs to: itself, or {@link PATHS.clientScript} for `/client/<id>.js`. */
export function routePath(pathname: string): string {
  return CLIENT_SCRIPT.test(pathname) ? PATHS.clientScript : pathname;
}

/** The client id of a `/client/<id>.js` path, percent-decoded; undefined for any other path or a bad escape. */
export function clientScriptId(pathname: string): string | undefined {
  const segment = CLIENT_SCRIPT.exec(pathname)?.[1];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The endpoints a fault may target: the emulated API, never the control API. */
export const FAULTABLE_PATHS = [
  PATHS.discovery,
  PATHS.jwks,
  PATHS.passwordlessStart,
  PATHS.verifyRedirect,
  PATHS.token,
  PATHS.userinfo,
  PATHS.coAuthenticate,
  PATHS.authorize,
  PATHS.passwordlessVerify,
  PATHS.logout,
  PATHS.revoke,
  PATHS.oidcLogout,
  PATHS.clientScript,
  PATHS.geolocCountry,
] as const;
