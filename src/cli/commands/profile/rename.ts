/** `pwless profile rename <old> <new>`: the profile, its saved tokens, the default and its pending logins follow the new name. */
import { checkProfileName, profileNamed } from '../../../config/profile.ts';
import { profileTokenKey } from '../../../config/saved-tokens.ts';
import { UsageError } from '../../../core/errors.ts';
import { NO_LINES, outputView, type OutputView } from '../../../render/view.ts';
import type { Context } from '../../context.ts';
import { existingProfile } from '../../profile-lookup.ts';

export async function profileRename(from: string, to: string, ctx: Context): Promise<OutputView> {
  checkProfileName(to, 'new profile name');
  await ctx.store.update((data) => {
    const profile = existingProfile(data, from, 'profile rename');
    if (profileNamed(data.profiles, to) !== undefined) throw new UsageError(`There is already a profile ${JSON.stringify(to)}.`, { code: 'profile_exists' });
    const profiles = { ...data.profiles, [to]: profile };
    delete profiles[from];
    data.profiles = profiles;
    const tokens = data.tokens?.[profileTokenKey(from)];
    if (tokens !== undefined && data.tokens) {
      data.tokens[profileTokenKey(to)] = { ...tokens, profile: to };
      delete data.tokens[profileTokenKey(from)];
    }
    if (data.defaultProfile === from) data.defaultProfile = to;
    for (const login of Object.values(data.pending ?? {})) if (login.profile === from) login.profile = to;
  });
  ctx.progress(`${ctx.err.green('✓')} Renamed profile ${from} to ${to}.`);
  return outputView({ renamed: { from, to } }, NO_LINES);
}
