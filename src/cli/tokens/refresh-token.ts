/**
 * The refresh token of a saved set, for `token refresh` and `token revoke`. One exists only when
 * the login asked for `offline_access` and the tenant granted it; without one the command ends
 * with a ConfigError (exit 3, `no_refresh_token`) that says why, as far as the saved login tells.
 */
import type { SavedTokenSet } from '../../config/saved-tokens.ts';
import { ConfigError } from '../../core/errors.ts';
import { describeSet } from '../../render/token-set.ts';

export function requireRefreshToken(set: SavedTokenSet): string {
  const refreshToken = set.tokens.refresh_token;
  if (refreshToken !== undefined) return refreshToken;
  throw new ConfigError(`The saved tokens of ${describeSet(set)} have no refresh token: ${noRefreshReason(set)}.`, {
    code: 'no_refresh_token',
    hint: 'Log in again with a code and `pwless start --scope "openid profile email offline_access"`; the application also needs the Refresh Token grant (Advanced Settings > Grant Types).',
  });
}

/** Why a saved set has no refresh token (older sets did not record the scope asked). */
function noRefreshReason(set: SavedTokenSet): string {
  if (set.send === 'link') return 'a magic-link login never returns one';
  if (set.requested_scope === undefined) return 'the login did not ask for offline_access, or the tenant did not grant it';
  return set.requested_scope.split(/\s+/).includes('offline_access')
    ? 'the login asked for offline_access, but the tenant did not return one'
    : 'the login did not ask for offline_access';
}
