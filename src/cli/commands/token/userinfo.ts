/**
 * `pwless token userinfo`: GET /userinfo with the saved access token, and where its claims and the
 * saved ID token's disagree. A different `sub` means the answer is about someone else and must not
 * be used (OIDC Core §5.3.2): that is a verification failure, exit 8 with code `sub`. Other
 * differences are shown, not failed: a profile may change after the login.
 */
import type { SettingFlags } from '../../../config/resolve.ts';
import { VerificationError } from '../../../core/errors.ts';
import { classifyToken } from '../../../core/jwt-decode.ts';
import { compareClaims, processUserinfoResponse, userinfoRequest, type ClaimComparison } from '../../../core/userinfo.ts';
import { expiryPhrase } from '../../../render/token-claims.ts';
import { userinfoJson, userinfoLines, type UserinfoView } from '../../../render/token-userinfo.ts';
import type { Context } from '../../context.ts';
import { accessExpiry, requireSavedSet, savedBase } from '../../tokens/saved-set.ts';
import { outputView, type OutputView } from '../../../render/view.ts';

export async function tokenUserinfo(options: SettingFlags, ctx: Context): Promise<OutputView> {
  const { set } = await requireSavedSet(options, ctx);
  const now = Date.now();
  const accessExp = accessExpiry(set);
  const expired = accessExp * 1000 <= now;
  if (expired)
    ctx.warn(`the saved access token ${expiryPhrase(accessExp, now)}; /userinfo will most likely refuse it (\`pwless token refresh\` gets a new one).`);
  const userinfo = processUserinfoResponse(await userinfoRequest(savedBase(set), set.tokens.access_token, ctx.http), expired);
  ctx.progress(`${ctx.err.green('✓')} Read the user's claims (GET /userinfo with the saved access token).`);

  const id = set.tokens.id_token !== undefined ? classifyToken(set.tokens.id_token) : undefined;
  const comparison: ClaimComparison[] | undefined = id?.format === 'jwt' ? compareClaims(userinfo, id.claims) : undefined;
  const view: UserinfoView = { userinfo, comparison, now };
  const sub = comparison?.find((row) => row.claim === 'sub');
  const failure =
    sub !== undefined && sub.status !== 'same'
      ? new VerificationError(`/userinfo answered for sub ${JSON.stringify(sub.userinfo)}, but the ID token is about ${JSON.stringify(sub.id_token)}.`, {
          code: 'sub',
          hint: 'OpenID Connect Core §5.3.2: a userinfo answer whose sub differs from the ID token must not be used; check which token was sent.',
        })
      : undefined;
  return outputView(userinfoJson(view), (c) => userinfoLines(view, c), failure);
}
