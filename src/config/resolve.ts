/**
 * Which values are in force and where each came from, in one pure function:
 * flags > PWLESS_* environment > the selected profile > defaults (design.md §3). The profile is
 * the one named by --profile, else PWLESS_PROFILE, else the default profile, if any.
 */
import { tenantBaseUrl } from '../core/domain.ts';
import { ConfigError } from '../core/errors.ts';
import { checkClientId, type AppType, type Profile, type SecretRef } from './profile.ts';
import type { ConfigData } from './store.ts';

export type Source = 'flag' | 'env' | 'profile' | 'default';

export interface Sourced<T> {
  value: T;
  source: Source;
  /** Where exactly: `--domain`, `PWLESS_DOMAIN`, `profile dev`, `default`. */
  origin: string;
}

export interface SettingFlags {
  profile?: string | undefined;
  domain?: string | undefined;
  clientId?: string | undefined;
  connection?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  scope?: string | undefined;
  audience?: string | undefined;
  redirectUri?: string | undefined;
  forwardedFor?: string | undefined;
  language?: string | undefined;
}

export interface Settings {
  profile: Sourced<string> | undefined;
  domain: Sourced<string> | undefined;
  clientId: Sourced<string> | undefined;
  appType: Sourced<AppType> | undefined;
  /** A reference to the secret, or PWLESS_CLIENT_SECRET's value; --client-secret-file is read by the command. */
  secret: Sourced<SecretRef | { kind: 'value'; value: string }> | undefined;
  connection: Sourced<string> | undefined;
  email: Sourced<string> | undefined;
  phone: Sourced<string> | undefined;
  scope: Sourced<string>;
  audience: Sourced<string> | undefined;
  redirectUri: Sourced<string> | undefined;
  forwardedFor: Sourced<string> | undefined;
  language: Sourced<string> | undefined;
  authParams: Sourced<Record<string, string>> | undefined;
}

export const DEFAULT_SCOPE = 'openid profile email';

export function resolveSettings(flags: SettingFlags, env: NodeJS.ProcessEnv, config: ConfigData): Settings {
  const profile = selectProfile(flags, env, config);
  const fromProfile = profile ? config.profiles?.[profile.value] : undefined;
  const p = <K extends keyof Profile>(key: K): Sourced<NonNullable<Profile[K]>> | undefined => {
    const value = fromProfile?.[key];
    return value === undefined || value === '' || profile === undefined ? undefined : { value: value as NonNullable<Profile[K]>, source: 'profile', origin: `profile ${profile.value}` };
  };
  const flag = (value: string | undefined, name: string): Sourced<string> | undefined => (value === undefined ? undefined : { value, source: 'flag', origin: name });
  const fromEnv = (name: string): Sourced<string> | undefined => (env[name] ? { value: env[name], source: 'env', origin: name } : undefined);

  // The identity is one choice: a flag for either channel replaces the profile's email and phone.
  const identityFlag = flags.email !== undefined || flags.phone !== undefined;
  const secretEnv = fromEnv('PWLESS_CLIENT_SECRET');
  return {
    profile,
    domain: flag(flags.domain, '--domain') ?? fromEnv('PWLESS_DOMAIN') ?? p('domain'),
    clientId: flag(flags.clientId, '--client-id') ?? fromEnv('PWLESS_CLIENT_ID') ?? p('clientId'),
    appType: p('appType'),
    secret: secretEnv ? { ...secretEnv, value: { kind: 'value', value: secretEnv.value } } : p('secret'),
    connection: flag(flags.connection, '--connection') ?? p('connection'),
    email: identityFlag ? flag(flags.email, '--email') : p('email'),
    phone: identityFlag ? flag(flags.phone, '--phone') : p('phone'),
    scope: flag(flags.scope, '--scope') ?? p('scope') ?? { value: DEFAULT_SCOPE, source: 'default', origin: 'default' },
    audience: flag(flags.audience, '--audience') ?? p('audience'),
    redirectUri: flag(flags.redirectUri, '--redirect-uri') ?? p('redirectUri'),
    forwardedFor: flag(flags.forwardedFor, '--forwarded-for') ?? p('forwardedFor'),
    language: flag(flags.language, '--language') ?? p('language'),
    authParams: p('authParams'),
  };
}

function selectProfile(flags: SettingFlags, env: NodeJS.ProcessEnv, config: ConfigData): Sourced<string> | undefined {
  const named: Sourced<string> | undefined =
    flags.profile !== undefined
      ? { value: flags.profile, source: 'flag', origin: '--profile' }
      : env.PWLESS_PROFILE
        ? { value: env.PWLESS_PROFILE, source: 'env', origin: 'PWLESS_PROFILE' }
        : config.defaultProfile !== undefined
          ? { value: config.defaultProfile, source: 'default', origin: 'default profile' }
          : undefined;
  if (named !== undefined && config.profiles?.[named.value] === undefined) throw unknownProfile(named.value, config, named.origin);
  return named;
}

export function unknownProfile(name: string, config: ConfigData, origin = 'profile'): ConfigError {
  const names = Object.keys(config.profiles ?? {});
  return new ConfigError(`There is no profile ${JSON.stringify(name)} (from ${origin}).`, {
    code: 'unknown_profile',
    hint: names.length > 0 ? `Profiles: ${names.join(', ')}.` : 'There are no profiles yet: add one with `pwless profile add <name> --domain … --client-id …`.',
  });
}

/** The tenant and client a request needs; missing or invalid ones are configuration errors. */
export function requireTarget(settings: Settings): { base: URL; clientId: string } {
  if (settings.domain === undefined) {
    throw new ConfigError('No tenant domain given.', {
      code: 'missing_domain',
      hint: 'Pass --domain <tenant.auth0.com>, set PWLESS_DOMAIN, or select a profile with --profile (emulator: --domain http://127.0.0.1:4010).',
    });
  }
  if (settings.clientId === undefined) {
    throw new ConfigError('No client id given.', {
      code: 'missing_client_id',
      hint: "Pass --client-id <id>, set PWLESS_CLIENT_ID, or select a profile: it is on the application's Settings tab (emulator: emulator-native).",
    });
  }
  return { base: tenantBaseUrl(settings.domain.value, settings.domain.origin), clientId: checkClientId(settings.clientId.value, settings.clientId.origin) };
}

/**
 * The profile a login belongs to: the selected one, but only when the tenant and the client both
 * came from it. A login to another client (a --client-id flag, say) is not the profile's, and its
 * tokens must not replace the profile's.
 */
export function loginProfile(settings: Settings): string | undefined {
  return settings.domain?.source === 'profile' && settings.clientId?.source === 'profile' ? settings.profile?.value : undefined;
}
