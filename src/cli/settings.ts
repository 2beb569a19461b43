/**
 * The settings a command runs with: resolved once by config/resolve.ts (flags > PWLESS_* > profile
 * > defaults) and, when the target is not the selected profile's own application, said in one
 * warning line, so a user sees why the profile's secret was not sent.
 */
import { foreignTargetNote, resolveSettings, type SettingFlags, type Settings } from '../config/resolve.ts';
import type { ConfigData } from '../config/store.ts';
import type { Context } from './context.ts';

export function commandSettings(flags: SettingFlags, ctx: Context, config: ConfigData): Settings {
  return warnIfForeign(resolveSettings({ ...flags, profile: flags.profile ?? ctx.profile }, ctx.env, config), ctx);
}

export function warnIfForeign(settings: Settings, ctx: Context): Settings {
  const note = foreignTargetNote(settings);
  if (note !== undefined) ctx.warn(note);
  return settings;
}

/** The global flags that pick the target: `pwless config` resolves them exactly as the commands do. */
export interface TargetFlags {
  domain?: string;
  clientId?: string;
}
