/** `pwless config`: the settings in force and where each comes from, resolved exactly as the other commands resolve them. */
import type { OutputView } from '../../../render/view.ts';
import type { Context } from '../../context.ts';
import type { TargetFlags } from '../../settings.ts';
import { settingsView } from '../../settings-view.ts';

export async function configShow(flags: TargetFlags, ctx: Context): Promise<OutputView> {
  return settingsView(flags, ctx, await ctx.store.read());
}
