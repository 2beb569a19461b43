/** `pwless profile list`: every profile, the default marked. */
import type { Profile } from '../../../config/profile.ts';
import { profileJson, profileListLines } from '../../../render/profile.ts';
import { outputView, type OutputView } from '../../../render/view.ts';
import type { Context } from '../../context.ts';

export async function profileList(ctx: Context): Promise<OutputView> {
  const data = await ctx.store.read();
  const profiles = data.profiles ?? {};
  const json = {
    profiles: Object.keys(profiles)
      .sort()
      .map((name) => profileJson(name, profiles[name] as Profile, name === data.defaultProfile)),
    file: ctx.store.file,
  };
  return outputView(json, (c) => profileListLines(profiles, data.defaultProfile, c));
}
