/** `pwless profile use <name>`: make a profile the default. */
import { NO_LINES, outputView, type OutputView } from '../../../render/view.ts';
import type { Context } from '../../context.ts';
import { existingProfile } from '../../profile-lookup.ts';

export async function profileUse(name: string, ctx: Context): Promise<OutputView> {
  await ctx.store.update((data) => {
    existingProfile(data, name, 'profile use');
    data.defaultProfile = name;
  });
  ctx.progress(`${ctx.err.green('✓')} ${name} is now the default profile.`);
  return outputView({ defaultProfile: name }, NO_LINES);
}
