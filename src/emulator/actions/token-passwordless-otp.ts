/**
 * Grant `http://auth0.com/oauth/grant-type/passwordless/otp` (docs/auth0-behaviour.md,
 * B-TOKEN-1…B-TOKEN-9, B-TOKEN-ERR-1…B-TOKEN-ERR-10): exchanges the code sent by
 * /passwordless/start for tokens. The user is created at the
 * first successful exchange; `offline_access` adds a refresh token. The code check, brute-force
 * protection and `mfa_required` (tenant users with `"mfa": true`) are otp-login.ts's, shared with
 * /co/authenticate and /passwordless/verify.
 */
import { invalidRequest } from '../errors.ts';
import { checkOtp, logInOtpUser } from '../otp-login.ts';
import { findConnection, isEnabledFor } from '../tenant.ts';
import { hasScope, normalizeScope, tokenReply, type TokenGrant } from '../tokens.ts';
import { requiredParam, type GrantHandler } from './token-params.ts';

export const passwordlessOtpGrant: GrantHandler = async (params, client, emu, req) => {
  const username = requiredParam(params, 'username');
  const realm = requiredParam(params, 'realm');
  const otp = requiredParam(params, 'otp');

  // Auth0's answers for an unknown or disabled realm are unknown (B-TOKEN-ERR-11); these reuse the /start texts.
  const connection = findConnection(emu.tenant, realm);
  if (connection === undefined) throw invalidRequest('Connection does not exist');
  if (!isEnabledFor(connection, client)) throw invalidRequest('Connection is disabled');

  const identity = checkOtp(emu, { connection, username, otp, sourceIp: req.sourceIp });
  const user = logInOtpUser(emu, connection, identity);
  const grant: TokenGrant = {
    client,
    user,
    // No scope means no scope: Auth0 has no default for this grant, so no id_token (B-TOKEN-4).
    scope: normalizeScope(params.scope),
    audience: params.audience === '' ? undefined : params.audience,
  };
  const refreshToken = hasScope(grant.scope, 'offline_access')
    ? emu.refreshTokens.issue(
        {
          client_id: client.client_id,
          user_id: grant.user.user_id,
          scope: grant.scope,
          audience: grant.audience,
        },
        emu.clock.now(),
      )
    : undefined;
  return tokenReply(emu, grant, refreshToken);
};
