/**
 * Grant `http://auth0.com/oauth/grant-type/passwordless/otp` (docs/auth0-behaviour.md,
 * B-TOKEN-1…B-TOKEN-9, B-TOKEN-ERR-1…B-TOKEN-ERR-10): exchanges the code sent by
 * /passwordless/start for tokens. The user is created at the
 * first successful exchange; `offline_access` adds a refresh token. Brute-force protection
 * (brute-force.ts) and `mfa_required` (tenant users with `"mfa": true`) act here too.
 */
import type { EmulatorContext } from '../context.ts';
import { invalidGrant, invalidRequest, OAuthError, signupDisabled } from '../errors.ts';
import type { OtpCheck } from '../otp-store.ts';
import { findConnection, findTenantUser, isEnabledFor } from '../tenant.ts';
import { hasScope, normalizeScope, tokenReply, type TokenGrant } from '../tokens.ts';
import { normalizeIdentity, tenantUserId } from '../users.ts';
import { requiredParam, type GrantHandler } from './token-params.ts';

/** The exact texts of docs/auth0-behaviour.md, B-TOKEN-ERR-1…B-TOKEN-ERR-4. */
const WRONG_CODE = {
  email: 'Wrong email or verification code.',
  sms: 'Wrong phone number or verification code.',
} as const;
const EXHAUSTED = "You've reached the maximum number of attempts. Please try to login again.";
// Status and code of the expiry error are unknown (docs/auth0-behaviour.md, B-TOKEN-ERR-4): 403 invalid_grant.
const EXPIRED = 'The verification code has expired. Please try to login again.';

/** The answers of a failed code check, by outcome. */
function codeRefusal(outcome: Exclude<OtpCheck, 'ok'>, strategy: 'email' | 'sms'): OAuthError {
  if (outcome === 'exhausted') return invalidGrant(EXHAUSTED);
  if (outcome === 'expired') return invalidGrant(EXPIRED);
  return invalidGrant(WRONG_CODE[strategy]);
}

/**
 * `mfa_required` for a tenant-file user with `"mfa": true` (docs/auth0-behaviour.md, B-TOKEN-ERR-10): Auth0's documented body,
 * with an opaque `mfa_token`. Status 403 as the database-connection docs say (the OpenAPI file says 401: unknown). Completing MFA
 * (/mfa/challenge) is not emulated; the code is used up, as its first factor succeeded.
 */
function mfaRequired(emu: EmulatorContext): OAuthError {
  return new OAuthError(403, 'mfa_required', 'Multifactor authentication required', {
    extra: { mfa_token: emu.random.mfaToken.bytes(32).toString('base64url'), mfa_requirements: { challenge: [{ type: 'otp' }] } },
  });
}

export const passwordlessOtpGrant: GrantHandler = async (params, client, emu, req) => {
  const username = requiredParam(params, 'username');
  const realm = requiredParam(params, 'realm');
  const otp = requiredParam(params, 'otp');

  // Auth0's answers for an unknown or disabled realm are unknown (B-TOKEN-ERR-11); these reuse the /start texts.
  const connection = findConnection(emu.tenant, realm);
  if (connection === undefined) throw invalidRequest('Connection does not exist');
  if (!isEnabledFor(connection, client)) throw invalidRequest('Connection is disabled');

  const identity = normalizeIdentity(connection.strategy, username);
  const now = emu.clock.now();
  const guard = emu.limits?.bruteForce;
  guard?.check(identity, req.sourceIp, now);
  const outcome = emu.otps.check(connection.name, identity, otp, now);
  if (outcome !== 'ok') {
    guard?.fail(identity, req.sourceIp, now);
    throw codeRefusal(outcome, connection.strategy);
  }
  guard?.succeed(identity, req.sourceIp);

  const tenantUser = findTenantUser(emu.tenant, connection, identity);
  // A code issued before sign-ups were disabled (the tenant changed at run time) still cannot sign up.
  if (connection.disable_signup === true && tenantUser === undefined && !emu.users.has(connection.name, identity)) {
    throw signupDisabled();
  }
  if (tenantUser?.mfa === true) throw mfaRequired(emu);

  const fixedId = tenantUser === undefined ? undefined : tenantUserId(tenantUser, connection, identity);
  const grant: TokenGrant = {
    client,
    user: emu.users.login(connection, identity, now, fixedId),
    // No scope means no scope: Auth0 has no default for this grant, so no id_token (B-TOKEN-4).
    scope: normalizeScope(params.scope),
    audience: params.audience === '' ? undefined : params.audience,
  };
  const refreshToken = hasScope(grant.scope, 'offline_access')
    ? emu.refreshTokens.issue({
        client_id: client.client_id,
        user_id: grant.user.user_id,
        scope: grant.scope,
        audience: grant.audience,
      })
    : undefined;
  return tokenReply(emu, grant, refreshToken);
};
