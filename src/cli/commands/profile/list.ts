/** `pwless profile list`: every profile, the default marked. */
import type { Profile } from '../../../config/profile.ts';
import { profileJson, profileListLines } from '../../../render/profile.ts';
import type { ViewResult } from '../../../render/results.ts';
import type { Context } from '../../context.ts';

export async function profileList(ctx: Context): Promise<ViewResult> {
  const data = await ctx.store.read();
  const profiles = data.profiles ?? {};
  return {
    kind: 'view',
    json: {
      profiles: Object.keys(profiles)
        .sort()
        .map((name) => profileJson(name, profiles[name] as Profile, name === data.defaultProfile)),
      file: ctx.store.file,
    },
    lines: (c) => profileListLines(profiles, data.defaultProfile, c),
  };
}
