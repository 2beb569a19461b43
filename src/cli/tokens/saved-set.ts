/**
 * Which saved token set a `pwless token` command works on. The key is the one `pwless start` saved
 * under (src/config/saved-tokens.ts): the profile in force, else the domain + client id. With
 * neither, the most recently obtained set is used (narrowed by a domain or a client id if one
 * of them was given), and stderr says which one.
 */
import { loginProfile, requireTarget, type SettingFlags, type Settings } from '../../config/resolve.ts';
import { commandSettings } from '../settings.ts';
import { profileTokenKey, tokenKey, type SavedTokenSet } from '../../config/saved-tokens.ts';
import type { ConfigData } from '../../config/store.ts';
import { tenantBaseUrl } from '../../core/domain.ts';
import { ConfigError } from '../../core/errors.ts';
import { classifyToken } from '../../core/jwt-decode.ts';
import { isNumericDate, MAX_EXPIRES_IN_SECONDS } from '../../core/numeric-date.ts';
import { relativePhrase } from '../../render/token-claims.ts';
import { describeSet } from '../../render/token-set.ts';
import type { Context } from '../context.ts';

export interface SavedSelection {
  key: string;
  set: SavedTokenSet;
}

export interface Lookup {
  settings: Settings;
  /** Undefined when nothing is saved under the key (or nothing at all). */
  saved: SavedSelection | undefined;
  /** What was looked for, for the error message. */
  wanted: string;
}

const LOGIN_HINT = 'Log in first with `pwless start …`: it keeps the tokens for `pwless token` unless --no-save.';

export async function lookupSavedSet(flags: SettingFlags, ctx: Context): Promise<Lookup> {
  const config = await ctx.store.read();
  const settings = commandSettings(flags, ctx, config);
  const all = config.tokens ?? {};
  const profile = loginProfile(settings);
  if (profile !== undefined || (settings.domain !== undefined && settings.clientId !== undefined)) {
    // With a profile the key is the profile's alone (the domain is not read); otherwise domain + client id.
    const key = profile !== undefined ? profileTokenKey(profile) : keyOf(settings);
    const raw = all[key];
    const saved = raw === undefined ? undefined : { key, set: checkSavedSet(raw, key) };
    registerTokens(saved, ctx);
    return { settings, saved, wanted: wantedText(settings) };
  }
  const saved = mostRecent(config, settings);
  registerTokens(saved, ctx);
  if (saved !== undefined) {
    ctx.progress(
      ctx.err.dim(
        `Using the most recent saved tokens: ${describeSet(saved.set)}, obtained ${relativePhrase(Date.parse(saved.set.obtained_at) / 1000, Date.now())}; pick another with --profile or --domain and --client-id.`,
      ),
    );
  }
  return { settings, saved, wanted: wantedText(settings) };
}

/** The saved tokens are secrets of the run from here on: any echo of them is masked (src/core/secrets.ts). */
function registerTokens(saved: SavedSelection | undefined, ctx: Context): void {
  for (const token of [saved?.set.tokens.access_token, saved?.set.tokens.id_token, saved?.set.tokens.refresh_token]) ctx.secrets.add(token);
}

/** The saved set, or a ConfigError (exit 3) that says what was looked for and how to get one. */
export async function requireSavedSet(flags: SettingFlags, ctx: Context): Promise<SavedSelection & { settings: Settings }> {
  const { settings, saved, wanted } = await lookupSavedSet(flags, ctx);
  if (saved === undefined) throw new ConfigError(`No saved tokens ${wanted}.`, { code: 'no_saved_tokens', hint: LOGIN_HINT });
  return { ...saved, settings };
}

/** The tenant of a saved set, checked as a --domain would be (https, or loopback http). */
export function savedBase(set: SavedTokenSet): URL {
  return tenantBaseUrl(set.domain, 'the saved tokens');
}

function keyOf(settings: Settings): string {
  const { base, clientId } = requireTarget(settings);
  return tokenKey(undefined, base.origin, clientId);
}

function mostRecent(config: ConfigData, settings: Settings): SavedSelection | undefined {
  const origin = settings.domain !== undefined ? requireTargetOrigin(settings) : undefined;
  let best: SavedSelection | undefined;
  for (const [key, raw] of Object.entries(config.tokens ?? {})) {
    const set = checkSavedSet(raw, key);
    if (origin !== undefined && set.domain !== origin) continue;
    if (settings.clientId !== undefined && set.client_id !== settings.clientId.value) continue;
    if (best === undefined || Date.parse(set.obtained_at) > Date.parse(best.set.obtained_at)) best = { key, set };
  }
  return best;
}

function requireTargetOrigin(settings: Settings): string {
  return tenantBaseUrl(settings.domain!.value, settings.domain!.origin).origin;
}

function wantedText(settings: Settings): string {
  if (settings.profile !== undefined) return `for profile ${settings.profile.value} (${settings.profile.origin})`;
  const parts = [settings.clientId && `client ${settings.clientId.value}`, settings.domain && `on ${settings.domain.value}`].filter(Boolean);
  return parts.length > 0 ? `for ${parts.join(' ')}` : 'at all';
}

/**
 * The store's `tokens` entries are plain objects (the file is the user's to edit): check every field
 * the token views read, so that a set they could not show is this error (with `token clear` as the
 * fix), never a crash in the middle of showing it.
 */
function checkSavedSet(raw: Record<string, unknown>, key: string): SavedTokenSet {
  const tokens = raw.tokens as Record<string, unknown> | undefined;
  const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
  const ok =
    typeof raw.obtained_at === 'string' &&
    !Number.isNaN(Date.parse(raw.obtained_at)) &&
    typeof raw.domain === 'string' &&
    typeof raw.client_id === 'string' &&
    optionalString(raw.profile) &&
    tokens !== null &&
    typeof tokens === 'object' &&
    typeof tokens.access_token === 'string' &&
    typeof tokens.token_type === 'string' &&
    // Saved before `expires_in` was bounded (src/core/token-endpoint.ts), 0 may be there; `null` is what JSON made of 1e400.
    typeof tokens.expires_in === 'number' &&
    tokens.expires_in >= 0 &&
    tokens.expires_in <= MAX_EXPIRES_IN_SECONDS &&
    optionalString(tokens.id_token) &&
    optionalString(tokens.refresh_token) &&
    optionalString(tokens.scope);
  if (!ok) {
    throw new ConfigError(`The saved tokens under ${JSON.stringify(key)} are not a token set pwless can read.`, {
      code: 'invalid_saved_tokens',
      hint: `Forget them with \`pwless token clear${key.startsWith('profile:') ? ` --profile ${key.slice('profile:'.length)}` : ' --all'}\`, then log in again.`,
    });
  }
  return raw as unknown as SavedTokenSet;
}

/** When the access token expires: its `exp` when it is a JWT, else `expires_in` counted from when it arrived (RFC 6749 §5.1). */
export function accessExpiry(set: SavedTokenSet): number {
  const format = classifyToken(set.tokens.access_token);
  // An exp no Date can hold (1e20) is no expiry: the lifetime the tenant gave is used instead.
  if (format.format === 'jwt' && isNumericDate(format.claims.exp)) return format.claims.exp;
  return Math.floor(Date.parse(set.obtained_at) / 1000) + set.tokens.expires_in;
}
