/**
 * `pwless token revoke`: POST /oauth/revoke (RFC 7009) with the saved refresh token of the set in
 * force (picked as `token refresh` picks it), then the refresh token is removed from the saved
 * set. The access and ID tokens stay saved: a revocation does not recall them, so `pwless token`
 * still shows what the login gave until they expire (`pwless token clear` forgets them). The
 * client secret is sent only when the set is the profile's own application (secret-scope.ts).
 */
import type { SettingFlags } from '../../../config/resolve.ts';
import { saveTokenSet, type SavedTokenSet } from '../../../config/saved-tokens.ts';
import { resolveClientSecret } from '../../../config/secret.ts';
import { processRevokeResponse, revokeRequest } from '../../../core/revoke.ts';
import { revokeJson, revokeLines, type RevokeView } from '../../../render/token-revoke.ts';
import { outputView, type OutputView } from '../../../render/view.ts';
import type { Context } from '../../context.ts';
import { requireRefreshToken } from '../../tokens/refresh-token.ts';
import { accessExpiry, requireSavedSet, savedBase } from '../../tokens/saved-set.ts';
import { secretScope } from '../../tokens/secret-scope.ts';

export interface TokenRevokeOptions extends SettingFlags {
  clientSecretFile?: string;
}

export async function tokenRevoke(options: TokenRevokeOptions, ctx: Context): Promise<OutputView> {
  const { key, set, settings } = await requireSavedSet(options, ctx);
  const refreshToken = requireRefreshToken(set);
  const secret = await resolveClientSecret(options.clientSecretFile, secretScope(settings, set, ctx), ctx.stdin, ctx.env);
  processRevokeResponse(await revokeRequest(savedBase(set), { clientId: set.client_id, clientSecret: secret?.value }, refreshToken, ctx.http));
  ctx.progress(`${ctx.err.green('✓')} Revoked the refresh token (POST /oauth/revoke).`);

  const { refresh_token: _revoked, ...kept } = set.tokens;
  const after: SavedTokenSet = { ...set, tokens: kept };
  await saveTokenSet(ctx.store, key, after);
  const view: RevokeView = { after, accessExp: accessExpiry(after), now: Date.now() };
  return outputView(revokeJson(view), (c) => revokeLines(view, c));
}
