/** The settings in force and where each comes from: what `pwless config` and `pwless profile show --resolved` show. */
import { foreignTargetNote, resolveSettings } from '../config/resolve.ts';
import type { ConfigData } from '../config/store.ts';
import { settingsJson, settingsLines } from '../render/profile.ts';
import { outputView, type OutputView } from '../render/view.ts';
import type { Context } from './context.ts';
import type { TargetFlags } from './settings.ts';

export function settingsView(flags: TargetFlags, ctx: Context, data: ConfigData): OutputView {
  const settings = resolveSettings({ domain: flags.domain, clientId: flags.clientId, profile: ctx.profile }, ctx.env, data);
  const note = foreignTargetNote(settings);
  return outputView({ file: ctx.store.file, settings: settingsJson(settings), ...(note ? { note } : {}) }, (c) => [
    ...settingsLines(settings, c),
    ...(note ? ['', c.yellow(note)] : []),
    '',
    c.dim(`Config file: ${ctx.store.file}`),
  ]);
}
