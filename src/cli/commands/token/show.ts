/**
 * `pwless token` (also `pwless token show`): the last saved token set of the profile, decoded, or
 * with `--raw <name>` only one of its tokens, for scripts.
 */
import type { SettingFlags } from '../../../config/resolve.ts';
import { tokenSetJson, tokenSetLines, type TokenSetView } from '../../../render/token-set.ts';
import type { Context } from '../../context.ts';
import { checkRawOption, rawTokenView } from '../../tokens/raw-token.ts';
import { accessExpiry, requireSavedSet } from '../../tokens/saved-set.ts';
import { outputView, type OutputView, tokenValues } from '../../../render/view.ts';

export interface TokenShowOptions extends SettingFlags {
  raw?: string;
}

export async function tokenShow(options: TokenShowOptions, ctx: Context): Promise<OutputView> {
  const raw = checkRawOption(options.raw, ctx);
  const { key, set } = await requireSavedSet(options, ctx);
  const accessExp = accessExpiry(set);
  if (raw !== undefined) return rawTokenView(set.tokens, raw, ctx, accessExp);
  const view: TokenSetView = { key, set, accessExp, showTokens: ctx.showTokens, now: Date.now() };
  return outputView(tokenSetJson(view), (c) => tokenSetLines(view, c), undefined, ctx.showTokens ? tokenValues(set.tokens) : []);
}
