/**
 * POST /oauth/token: parses JSON or form parameters, authenticates the client, then dispatches on
 * `grant_type` (oidc-provider `lib/actions/token.js`). Checks run in the order of docs/emulator.md
 * (the POST /oauth/token table): client authentication → grant type supported → grant allowed for the client → the
 * grant's own parameters and code checks. The rate limit runs before all of them (rate-limited.ts).
 */
import { authenticateClient } from '../client-auth.ts';
import type { Handler } from '../context.ts';
import { originAllowedFor, requestOrigin } from '../cors.ts';
import { OAuthError, invalidRequest, unauthorized } from '../errors.ts';
import { readParams } from '../http-body.ts';
import { grantAllowed, PASSWORDLESS_OTP_GRANT } from '../tenant.ts';
import { authorizationCodeGrant } from './token-authorization-code.ts';
import { passwordlessOtpGrant } from './token-passwordless-otp.ts';
import { refreshTokenGrant } from './token-refresh.ts';
import { requiredParam, typedParams, type GrantHandler } from './token-params.ts';

const GRANTS: Record<string, GrantHandler> = {
  [PASSWORDLESS_OTP_GRANT]: passwordlessOtpGrant,
  refresh_token: refreshTokenGrant,
  authorization_code: authorizationCodeGrant,
};

export const token: Handler = async (req, emu) => {
  const params = typedParams(await readParams(req.raw, invalidRequest));
  const client = authenticateClient(emu.tenant, req.raw.headers.authorization, params);
  // A page whose origin the client does not allow is refused (B-CORS-3: 401, as for a failed client authentication).
  const origin = requestOrigin(req.raw);
  if (origin !== undefined && !originAllowedFor(client, origin)) throw unauthorized();
  const grantType = requiredParam(params, 'grant_type');
  const grant = Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType] : undefined;
  if (grant === undefined) throw new OAuthError(400, 'unsupported_grant_type', 'Grant type not supported');
  // An SPA never gets the OTP grant, whatever its list says (docs/auth0-behaviour.md, B-APP-1).
  if (!grantAllowed(client, grantType)) {
    throw new OAuthError(403, 'unauthorized_client', `Grant type '${grantType}' not allowed for the client.`, {
      uri: 'https://auth0.com/docs/clients/client-grant-types',
    });
  }
  return grant(params, client, emu, req);
};
