/** `pwless profile remove <name>`: the profile, its saved tokens and its mark on pending logins; asks first on a terminal. */
import { profileTokenKey } from '../../../config/saved-tokens.ts';
import { UsageError } from '../../../core/errors.ts';
import { NO_LINES, outputView, type OutputView } from '../../../render/view.ts';
import type { Context } from '../../context.ts';
import { existingProfile } from '../../profile-lookup.ts';
import { confirmYes } from '../../prompts.ts';

export async function profileRemove(name: string, options: { yes?: boolean }, ctx: Context): Promise<OutputView> {
  existingProfile(await ctx.store.read(), name, 'profile remove');
  if (!options.yes) {
    if (!ctx.interactive)
      throw new UsageError(`Removing profile ${name} needs confirmation: pass --yes (there is no terminal to ask on).`, { code: 'confirmation_required' });
    if (!(await confirmYes(ctx, `Remove profile ${name} and its saved tokens?`))) {
      ctx.progress('Nothing removed.');
      return outputView({ removed: null }, NO_LINES);
    }
  }
  const { wasDefault, left } = await ctx.store.update((data) => {
    existingProfile(data, name, 'profile remove');
    delete data.profiles?.[name];
    delete data.tokens?.[profileTokenKey(name)];
    const wasDefault = data.defaultProfile === name;
    if (wasDefault) delete data.defaultProfile;
    for (const login of Object.values(data.pending ?? {})) if (login.profile === name) delete login.profile;
    return { wasDefault, left: Object.keys(data.profiles ?? {}).sort() };
  });
  ctx.progress(`${ctx.err.green('✓')} Removed profile ${name}.`);
  // No profile takes its place by itself: which tenant a command talks to is never guessed.
  if (wasDefault)
    ctx.warn(
      `${name} was the default profile; there is no default now.${left.length > 0 ? ` Pick one with \`pwless profile use <name>\` (${left.join(', ')}).` : ''}`,
    );
  return outputView({ removed: name, was_default: wasDefault }, NO_LINES);
}
