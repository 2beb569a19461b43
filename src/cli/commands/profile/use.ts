/** `pwless profile use <name>`: make a profile the default. */
import type { ViewResult } from '../../../render/results.ts';
import type { Context } from '../../context.ts';
import { existingProfile } from '../../profile-lookup.ts';

export async function profileUse(name: string, ctx: Context): Promise<ViewResult> {
  await ctx.store.update((data) => {
    existingProfile(data, name, 'profile use');
    data.defaultProfile = name;
  });
  ctx.progress(`${ctx.err.green('✓')} ${name} is now the default profile.`);
  return { kind: 'view', json: { defaultProfile: name }, lines: () => [] };
}
