/**
 * GET /.well-known/openid-configuration (OpenID Connect Discovery 1.0 §3), shaped like an Auth0
 * tenant's: issuer with a trailing slash, the passwordless OTP grant listed among the grants.
 */
import type { Handler } from '../context.ts';
import { PATHS } from '../paths.ts';
import { json } from '../respond.ts';
import { PASSWORDLESS_OTP_GRANT } from '../tenant.ts';

export const discovery: Handler = async (_req, emu) => {
  const at = (path: string): string => emu.url + path;
  return json(200, {
    issuer: emu.issuer,
    authorization_endpoint: at(PATHS.authorize),
    token_endpoint: at(PATHS.token),
    userinfo_endpoint: at(PATHS.userinfo),
    jwks_uri: at(PATHS.jwks),
    // RFC 8414 §2.
    revocation_endpoint: at(PATHS.revoke),
    // OIDC RP-Initiated Logout 1.0 §2.1: Auth0's /oidc/logout (docs/auth0-behaviour.md, B-LOGOUT-5).
    // A tenant lists it once "RP-Initiated Logout End Session Endpoint Discovery" is on; the emulator always does.
    end_session_endpoint: at(PATHS.oidcLogout),
    // Exactly what is served: the grants of /oauth/token and /authorize's implicit types; no hybrid types.
    grant_types_supported: [PASSWORDLESS_OTP_GRANT, 'refresh_token', 'authorization_code', 'implicit'],
    response_types_supported: ['code', 'token', 'id_token', 'token id_token'],
    // web_message is served too (link-redirect.ts, B-AUTHZ-4), for Auth0's own SDKs, which ask it without reading discovery.
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    scopes_supported: ['openid', 'profile', 'email', 'phone', 'offline_access'],
    claims_supported: [
      'aud',
      'azp',
      'email',
      'email_verified',
      'exp',
      'iat',
      'iss',
      'name',
      'nickname',
      'phone_number',
      'phone_verified',
      'picture',
      'sub',
      'updated_at',
    ],
  });
};
