/**
 * `pwless token refresh`: the refresh_token grant (RFC 6749 §6) with the saved refresh token, then
 * what changed, and the new set saved in place of the old one. A refresh token only exists when
 * the login asked for `offline_access`; without one this is a ConfigError (exit 3), and a token
 * the tenant rejects is `invalid_grant` (exit 6). The new ID token, if any, is verified like a
 * login's, and must name the same user (OIDC Core §12.2).
 */
import type { SettingFlags } from '../../../config/resolve.ts';
import { saveTokenSet, type SavedTokenSet } from '../../../config/saved-tokens.ts';
import { resolveClientSecret } from '../../../config/secret.ts';
import { PwlessError } from '../../../core/errors.ts';
import type { Verification } from '../../../core/jwt.ts';
import { classifyToken } from '../../../core/jwt-decode.ts';
import { processRefreshResponse, refreshGrantRequest } from '../../../core/refresh.ts';
import { refreshJson, refreshLines, type RefreshView } from '../../../render/token-refresh.ts';
import type { Context } from '../../context.ts';
import { verificationFailure } from '../../tokens/verification-failure.ts';
import { checkRawOption, rawTokenView } from '../../tokens/raw-token.ts';
import { accessExpiry, requireSavedSet, savedBase } from '../../tokens/saved-set.ts';
import { secretScope } from '../../tokens/secret-scope.ts';
import { requireRefreshToken } from '../../tokens/refresh-token.ts';
import { verifyAgainstTenant } from '../../../core/tenant-verify.ts';
import { parseSeconds } from '../../number-flag.ts';
import { outputView, type OutputView, tokenValues } from '../../../render/view.ts';

export interface TokenRefreshOptions extends SettingFlags {
  clientSecretFile?: string;
  raw?: string;
  leeway?: string;
}

export async function tokenRefresh(options: TokenRefreshOptions, ctx: Context): Promise<OutputView> {
  const raw = checkRawOption(options.raw, ctx);
  const leewaySeconds = parseSeconds(options.leeway, '--leeway');
  const { key, set, settings } = await requireSavedSet(options, ctx);
  const refreshToken = requireRefreshToken(set);
  const secret = await resolveClientSecret(options.clientSecretFile, secretScope(settings, set, ctx), ctx.stdin, ctx.env);
  const base = savedBase(set);
  const fresh = processRefreshResponse(await refreshGrantRequest(base, { clientId: set.client_id, clientSecret: secret?.value }, refreshToken, ctx.http));
  const obtainedAt = new Date();
  ctx.progress(`${ctx.err.green('✓')} Refreshed the tokens (POST /oauth/token, refresh_token grant).`);

  // OIDC Core §12.2: a refreshed ID token names the same user, and carries a nonce only if it is the original one.
  const previous = set.tokens.id_token !== undefined ? classifyToken(set.tokens.id_token) : undefined;
  const previousClaims = previous?.format === 'jwt' ? previous.claims : undefined;
  const freshId = fresh.id_token !== undefined ? classifyToken(fresh.id_token) : undefined;
  const carriesNonce = freshId?.format === 'jwt' && freshId.claims.nonce !== undefined;
  const nonce = carriesNonce ? (set.nonce ?? (previousClaims?.nonce as string | undefined)) : undefined;
  const after: SavedTokenSet = {
    ...set,
    obtained_at: obtainedAt.toISOString(),
    nonce: fresh.id_token === undefined ? set.nonce : nonce,
    // RFC 6749 §6: the server MAY issue a new refresh token; when it does not, the old one stays in use.
    tokens: { ...fresh, id_token: fresh.id_token ?? set.tokens.id_token, refresh_token: fresh.refresh_token ?? refreshToken },
  };
  // Saved before the new ID token is checked: a rotated refresh token must not be lost to a failing
  // discovery, JWKS or check; such a failure still sets the exit code.
  await saveTokenSet(ctx.store, key, after);
  ctx.progress(ctx.err.dim('Saved the new tokens for `pwless token`.'));

  let verification: Verification | undefined;
  let unverified: PwlessError | undefined;
  if (fresh.id_token !== undefined) {
    const subject = typeof previousClaims?.sub === 'string' ? previousClaims.sub : undefined;
    try {
      ({ verification } = await verifyAgainstTenant(base, fresh.id_token, { clientId: set.client_id, nonce, subject, leewaySeconds }, ctx.http));
      ctx.progress(`${verification.ok ? ctx.err.green('✓') : ctx.err.red('✗')} Checked the new ID token against the tenant's keys.`);
    } catch (error) {
      if (!(error instanceof PwlessError)) throw error;
      unverified = error;
      ctx.warn('The new ID token could not be verified (the error follows); the new tokens are shown below and were saved.');
    }
  }
  const failure = unverified ?? (verification ? verificationFailure(verification) : undefined);
  if (raw !== undefined) return rawTokenView(after.tokens, raw, ctx, accessExpiry(after), failure);

  const view: RefreshView = {
    before: set,
    after,
    beforeAccessExp: accessExpiry(set),
    afterAccessExp: accessExpiry(after),
    returned: { id_token: fresh.id_token !== undefined, refresh_token: fresh.refresh_token !== undefined },
    verification,
    showTokens: ctx.showTokens,
    now: Date.now(),
  };
  return outputView(refreshJson(view), (c) => refreshLines(view, c), failure, ctx.showTokens ? tokenValues(view.after.tokens) : []);
}
