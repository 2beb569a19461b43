/** `pwless profile list|show|use|remove|rename` and `pwless config` (the settings in force). */
import { checkProfileName, type Profile } from '../../config/profile.ts';
import { foreignTargetNote, resolveSettings, unknownProfile } from '../../config/resolve.ts';
import { profileTokenKey } from '../../config/saved-tokens.ts';
import type { ConfigData } from '../../config/store.ts';
import { UsageError } from '../../core/errors.ts';
import { profileJson, profileLines, profileListLines, settingsJson, settingsLines } from '../../render/profile.ts';
import type { Context } from '../context.ts';
import { confirmYes } from '../prompts.ts';
import type { ViewResult } from '../../render/results.ts';

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

/** The global flags that pick the target: `pwless config` resolves them exactly as the commands do. */
export interface TargetFlags {
  domain?: string;
  clientId?: string;
}

export async function profileShow(name: string | undefined, options: { resolved?: boolean } & TargetFlags, ctx: Context): Promise<ViewResult> {
  const data = await ctx.store.read();
  if (options.resolved) return configView(options, ctx, data);
  const chosen = name ?? ctx.profile ?? ctx.env.PWLESS_PROFILE ?? data.defaultProfile;
  if (chosen === undefined) throw unknownProfile('(none given)', data, 'profile show');
  const profile = existing(data, chosen, 'profile show');
  const isDefault = chosen === data.defaultProfile;
  return { kind: 'view', json: { profile: profileJson(chosen, profile, isDefault) }, lines: (c) => profileLines(chosen, profile, isDefault, c) };
}

export async function configShow(flags: TargetFlags, ctx: Context): Promise<ViewResult> {
  return configView(flags, ctx, await ctx.store.read());
}

function configView(flags: TargetFlags, ctx: Context, data: ConfigData): ViewResult {
  const settings = resolveSettings({ domain: flags.domain, clientId: flags.clientId, profile: ctx.profile }, ctx.env, data);
  const note = foreignTargetNote(settings);
  return {
    kind: 'view',
    json: { file: ctx.store.file, settings: settingsJson(settings), ...(note ? { note } : {}) },
    lines: (c) => [...settingsLines(settings, c), ...(note ? ['', c.yellow(note)] : []), '', c.dim(`Config file: ${ctx.store.file}`)],
  };
}

export async function profileUse(name: string, ctx: Context): Promise<ViewResult> {
  await ctx.store.update((data) => {
    existing(data, name, 'profile use');
    data.defaultProfile = name;
  });
  ctx.progress(`${ctx.err.green('✓')} ${name} is now the default profile.`);
  return { kind: 'view', json: { defaultProfile: name }, lines: () => [] };
}

export async function profileRemove(name: string, options: { yes?: boolean }, ctx: Context): Promise<ViewResult> {
  existing(await ctx.store.read(), name, 'profile remove');
  if (!options.yes) {
    if (!ctx.interactive)
      throw new UsageError(`Removing profile ${name} needs confirmation: pass --yes (there is no terminal to ask on).`, { code: 'confirmation_required' });
    if (!(await confirmYes(`Remove profile ${name} and its saved tokens?`))) {
      ctx.progress('Nothing removed.');
      return { kind: 'view', json: { removed: null }, lines: () => [] };
    }
  }
  const { wasDefault, left } = await ctx.store.update((data) => {
    existing(data, name, 'profile remove');
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
  return { kind: 'view', json: { removed: name, was_default: wasDefault }, lines: () => [] };
}

export async function profileRename(from: string, to: string, ctx: Context): Promise<ViewResult> {
  checkProfileName(to, 'new profile name');
  await ctx.store.update((data) => {
    const profile = existing(data, from, 'profile rename');
    if (data.profiles?.[to] !== undefined) throw new UsageError(`There is already a profile ${JSON.stringify(to)}.`, { code: 'profile_exists' });
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
  return { kind: 'view', json: { renamed: { from, to } }, lines: () => [] };
}

function existing(data: ConfigData, name: string, command: string): Profile {
  const profile = data.profiles?.[name];
  if (profile === undefined) throw unknownProfile(name, data, command);
  return profile;
}
