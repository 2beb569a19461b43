/**
 * The paths the emulator serves, and which of them a fault may target. Constants only, so that
 * the routes, the fault schema, the magic-link builder and the banner can share them without
 * importing the state in context.ts (which imports their stores).
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
  health: '/__emulator/health',
  outbox: '/__emulator/outbox',
  outboxWait: '/__emulator/outbox/wait',
  clock: '/__emulator/clock',
  reset: '/__emulator/reset',
  faults: '/__emulator/faults',
  keysRotate: '/__emulator/keys/rotate',
} as const;

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
] as const;
