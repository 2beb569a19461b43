/**
 * Grant `refresh_token` (RFC 6749 §6): a new access token, and a new id_token when the original
 * scope had `openid`, for the same scope and audience. The refresh token is not rotated, so the
 * response carries none (RFC 6749 §6 makes a new one optional). A `scope` parameter is ignored.
 * Tokens expire 30 days after issue and are capped (refresh-tokens.ts).
 */
import { invalidGrant } from '../errors.ts';
import { tokenReply } from '../tokens.ts';
import { requiredParam, type GrantHandler } from './token-params.ts';

const UNKNOWN = 'Unknown or invalid refresh token.';

export const refreshTokenGrant: GrantHandler = async (params, client, emu) => {
  const stored = emu.refreshTokens.find(requiredParam(params, 'refresh_token'), emu.clock.now());
  // A token of another client is as unknown as a made-up one; so is an expired or evicted one (refresh-tokens.ts).
  if (stored === undefined || stored.client_id !== client.client_id) throw invalidGrant(UNKNOWN);
  const user = emu.users.get(stored.user_id);
  if (user === undefined) throw invalidGrant(UNKNOWN);
  return tokenReply(emu, { client, user, scope: stored.scope, audience: stored.audience });
};
