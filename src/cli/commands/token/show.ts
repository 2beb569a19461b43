/**
 * `pwless token` (also `pwless token show`): the last saved token set of the profile, decoded, or
 * with `--raw <name>` only one of its tokens, for scripts.
 */
import type { SettingFlags } from '../../../config/resolve.ts';
import { tokenSetJson, tokenSetLines, type TokenSetView } from '../../../render/token-set.ts';
import type { Context } from '../../context.ts';
import { checkRawOption, rawResult } from '../../tokens/raw-token.ts';
import { accessExpiry, requireSavedSet } from '../../tokens/saved-set.ts';
import type { ViewResult } from '../../../render/results.ts';

export interface TokenShowOptions extends SettingFlags {
  raw?: string;
  showTokens?: boolean;
}

export async function tokenShow(options: TokenShowOptions, ctx: Context): Promise<ViewResult> {
  const raw = checkRawOption(options.raw, ctx);
  const { key, set } = await requireSavedSet(options, ctx);
  const accessExp = accessExpiry(set);
  if (raw !== undefined) return rawResult(set.tokens, raw, ctx, accessExp);
  const view: TokenSetView = { key, set, accessExp, showTokens: options.showTokens === true, now: Date.now() };
  return { kind: 'view', json: tokenSetJson(view), lines: (c) => tokenSetLines(view, c) };
}
