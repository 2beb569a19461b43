/**
 * Grant `http://auth0.com/oauth/grant-type/passwordless/otp` (reference §1.2, §3.2, §7.2 items
 * 6–9): exchanges the code sent by /passwordless/start for tokens. The user is created at the
 * first successful exchange; `offline_access` adds a refresh token.
 */
import { invalidGrant, invalidRequest } from '../errors.ts';
import { findConnection, isEnabledFor } from '../tenant.ts';
import { hasScope, normalizeScope, tokenReply, type TokenGrant } from '../tokens.ts';
import { normalizeIdentity } from '../users.ts';
import { requiredParam, type GrantHandler } from './token-params.ts';

/** The exact texts of reference §3.2. */
const WRONG_CODE = {
  email: 'Wrong email or verification code.',
  sms: 'Wrong phone number or verification code.',
} as const;
const EXHAUSTED = "You've reached the maximum number of attempts. Please try to login again.";
// Status and code of the expiry error are [UNK] (§3.2, one third-party source): 403 invalid_grant.
const EXPIRED = 'The verification code has expired. Please try to login again.';

export const passwordlessOtpGrant: GrantHandler = async (params, client, emu) => {
  const username = requiredParam(params, 'username');
  const realm = requiredParam(params, 'realm');
  const otp = requiredParam(params, 'otp');

  // Auth0's answers for an unknown or disabled realm are [UNK]; these reuse the /start texts.
  const connection = findConnection(emu.tenant, realm);
  if (connection === undefined) throw invalidRequest('Connection does not exist');
  if (!isEnabledFor(connection, client)) throw invalidRequest('Connection is disabled');

  const identity = normalizeIdentity(connection.strategy, username);
  const now = emu.clock.now();
  switch (emu.otps.check(connection.name, identity, otp, now)) {
    case 'wrong':
      throw invalidGrant(WRONG_CODE[connection.strategy]);
    case 'exhausted':
      throw invalidGrant(EXHAUSTED);
    case 'expired':
      throw invalidGrant(EXPIRED);
    case 'ok':
      break;
  }

  const grant: TokenGrant = {
    client,
    user: emu.users.login(connection, identity, now),
    // No scope means no scope: Auth0 has no default for this grant, so no id_token (§2.2).
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
