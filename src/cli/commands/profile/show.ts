/** `pwless profile show [name]`: one profile (the secret only as its last characters); with --resolved, what `pwless config` shows. */
import { unknownProfile } from '../../../config/resolve.ts';
import { profileJson, profileLines } from '../../../render/profile.ts';
import { outputView, type OutputView } from '../../../render/view.ts';
import type { Context } from '../../context.ts';
import type { TargetFlags } from '../../settings.ts';
import { existingProfile } from '../../profile-lookup.ts';
import { settingsView } from '../../settings-view.ts';

export async function profileShow(name: string | undefined, options: { resolved?: boolean } & TargetFlags, ctx: Context): Promise<OutputView> {
  const data = await ctx.store.read();
  if (options.resolved) return settingsView(options, ctx, data);
  const chosen = name ?? ctx.profile ?? ctx.env.PWLESS_PROFILE ?? data.defaultProfile;
  if (chosen === undefined) throw unknownProfile('(none given)', data, 'profile show');
  const profile = existingProfile(data, chosen, 'profile show');
  const isDefault = chosen === data.defaultProfile;
  return outputView({ profile: profileJson(chosen, profile, isDefault) }, (c) => profileLines(chosen, profile, isDefault, c));
}
