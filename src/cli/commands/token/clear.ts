/**
 * `pwless token clear`: forget the saved token set that `pwless token` would show, or every saved
 * set with --all. Only the local copy goes: the tokens stay valid at the tenant until they expire
 * (a refresh token until it is revoked in the dashboard or through /oauth/revoke).
 */
import type { SettingFlags } from '../../../config/resolve.ts';
import { clearTokenSet } from '../../../config/saved-tokens.ts';
import { describeSet } from '../../../render/token-set.ts';
import type { Context } from '../../context.ts';
import { lookupSavedSet } from '../../tokens/saved-set.ts';
import { outputView, type OutputView } from '../../../render/view.ts';

export interface TokenClearOptions extends SettingFlags {
  all?: boolean;
}

const STILL_VALID = 'They stay valid at the tenant until they expire; a refresh token until it is revoked.';

export async function tokenClear(options: TokenClearOptions, ctx: Context): Promise<OutputView> {
  if (options.all === true) {
    const keys = ctx.store.exists() ? await clearAll(ctx) : [];
    const text = keys.length === 0 ? 'There were no saved tokens.' : `Forgot ${keys.length} saved token set${keys.length === 1 ? '' : 's'}. ${STILL_VALID}`;
    return outputView({ cleared: keys }, () => [text]);
  }
  const { saved, wanted } = await lookupSavedSet(options, ctx);
  const cleared = saved !== undefined && (await clearTokenSet(ctx.store, saved.key));
  const text =
    saved !== undefined && cleared ? `Forgot the saved tokens of ${describeSet(saved.set)}. ${STILL_VALID}` : `There were no saved tokens ${wanted}.`;
  return outputView({ cleared: cleared && saved !== undefined ? [saved.key] : [] }, () => [text]);
}

async function clearAll(ctx: Context): Promise<string[]> {
  return ctx.store.update((data) => {
    const keys = Object.keys(data.tokens ?? {});
    delete data.tokens;
    return keys;
  });
}
