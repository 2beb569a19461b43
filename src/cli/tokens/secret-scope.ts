/**
 * Which client secret a `pwless token` command sends for a saved set (refresh, revoke): a
 * profile's secret only when the saved set is for the profile's own application — a set kept
 * under a profile whose domain or client id has changed since is not, and its secret must not
 * travel to another application.
 */
import { sameTenant, type Settings } from '../../config/resolve.ts';
import type { SavedTokenSet } from '../../config/saved-tokens.ts';
import type { Context } from '../context.ts';

export function secretScope(settings: Settings, set: SavedTokenSet, ctx: Context): Settings {
  if (settings.secret?.source !== 'profile') return settings;
  if (settings.clientId?.value === set.client_id && settings.domain !== undefined && sameTenant(settings.domain.value, set.domain)) return settings;
  ctx.warn(
    `Not using the client secret of profile ${settings.profile?.value}: the saved tokens are for ${set.domain}, client ${set.client_id}, not the profile's application. Give that application's secret with PWLESS_CLIENT_SECRET or --client-secret-file if it has one.`,
  );
  return { ...settings, secret: undefined };
}
