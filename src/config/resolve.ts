/**
 * Which values are in force and where each came from, in one pure function:
 * flags > PWLESS_* environment > the selected profile > defaults (design.md §3). The profile is
 * the one named by --profile, else PWLESS_PROFILE, else the default profile, if any.
 *
 * A profile's client secret and application type belong to one application of one tenant: they
 * apply only while the domain and client id in force are the profile's own (docs/security.md,
 * "Secrets stay with their application"). Pointed elsewhere by a flag or PWLESS_* variable, the
 * other defaults of the profile (scope, connection, …) still apply, but never its secret.
 */
import { tenantBaseUrl } from '../core/domain.ts';
import { ConfigError } from '../core/errors.ts';
import { checkClientId, profileNamed, type AppType, type Profile, type SecretRef } from './profile.ts';
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
  /** Where --domain and --client-id come from when a command fills them in itself (e.g. "the pending login's"). */
  targetOrigin?: string | undefined;
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
  /** Set when the target is not the profile's own application: its secret and type were left out. */
  foreignTarget: ForeignTarget | undefined;
}

export interface ForeignTarget {
  profile: string;
  /** Which values point elsewhere, e.g. `--client-id some-other-app`. */
  because: string[];
  /** What of the profile was left out: `client secret`, `application type`. */
  withheld: string[];
}

export const DEFAULT_SCOPE = 'openid profile email';

export function resolveSettings(flags: SettingFlags, env: NodeJS.ProcessEnv, config: ConfigData): Settings {
  const profile = selectProfile(flags, env, config);
  const fromProfile = profile ? profileNamed(config.profiles, profile.value) : undefined;
  const p = <K extends keyof Profile>(key: K): Sourced<NonNullable<Profile[K]>> | undefined => {
    const value = fromProfile?.[key];
    return value === undefined || value === '' || profile === undefined
      ? undefined
      : { value: value as NonNullable<Profile[K]>, source: 'profile', origin: `profile ${profile.value}` };
  };
  const flag = (value: string | undefined, name: string): Sourced<string> | undefined =>
    value === undefined ? undefined : { value, source: 'flag', origin: name };
  const fromEnv = (name: string): Sourced<string> | undefined => (env[name] ? { value: env[name], source: 'env', origin: name } : undefined);

  // The identity is one choice: a flag for either channel replaces the profile's email and phone.
  const identityFlag = flags.email !== undefined || flags.phone !== undefined;
  const secretEnv = fromEnv('PWLESS_CLIENT_SECRET');
  const domain = flag(flags.domain, flags.targetOrigin ? `${flags.targetOrigin} domain` : '--domain') ?? fromEnv('PWLESS_DOMAIN') ?? p('domain');
  const clientId = flag(flags.clientId, flags.targetOrigin ? `${flags.targetOrigin} client id` : '--client-id') ?? fromEnv('PWLESS_CLIENT_ID') ?? p('clientId');
  const foreignTarget = profile && fromProfile ? foreignTo(profile.value, fromProfile, domain, clientId) : undefined;
  const own = <T>(value: T | undefined): T | undefined => (foreignTarget === undefined ? value : undefined);
  return {
    profile,
    domain,
    clientId,
    appType: own(p('appType')),
    // PWLESS_CLIENT_SECRET (and --client-secret-file, read by the command) go with whatever target is in force.
    secret: secretEnv ? { ...secretEnv, value: { kind: 'value', value: secretEnv.value } } : own(p('secret')),
    connection: flag(flags.connection, '--connection') ?? p('connection'),
    email: identityFlag ? flag(flags.email, '--email') : p('email'),
    phone: identityFlag ? flag(flags.phone, '--phone') : p('phone'),
    scope: flag(flags.scope, '--scope') ?? p('scope') ?? { value: DEFAULT_SCOPE, source: 'default', origin: 'default' },
    audience: flag(flags.audience, '--audience') ?? p('audience'),
    redirectUri: flag(flags.redirectUri, '--redirect-uri') ?? p('redirectUri'),
    forwardedFor: flag(flags.forwardedFor, '--forwarded-for') ?? p('forwardedFor'),
    language: flag(flags.language, '--language') ?? p('language'),
    authParams: p('authParams'),
    foreignTarget,
  };
}

/** Undefined when the domain and client id in force are the profile's own (compared as the tenant's origin). */
function foreignTo(name: string, profile: Profile, domain: Sourced<string> | undefined, clientId: Sourced<string> | undefined): ForeignTarget | undefined {
  const because: string[] = [];
  if (domain !== undefined && domain.source !== 'profile' && !sameTenant(domain.value, profile.domain)) because.push(`${domain.origin} ${domain.value}`);
  if (clientId !== undefined && clientId.source !== 'profile' && clientId.value !== profile.clientId) because.push(`${clientId.origin} ${clientId.value}`);
  const withheld = [profile.secret ? 'client secret' : undefined, profile.appType ? 'application type' : undefined].filter((w): w is string => w !== undefined);
  return because.length > 0 ? { profile: name, because, withheld } : undefined;
}

/** Two ways of writing a domain name the same tenant when their origins agree (`t.auth0.com` and `https://t.auth0.com/`). */
export function sameTenant(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  try {
    return tenantBaseUrl(a).origin === tenantBaseUrl(b).origin;
  } catch {
    return a.trim() === b.trim();
  }
}

/** The one line that says a profile's secret and type were not used, or undefined when they were (or it has none). */
export function foreignTargetNote(settings: Settings): string | undefined {
  const foreign = settings.foreignTarget;
  if (foreign === undefined || foreign.withheld.length === 0) return undefined;
  const ask = settings.secret === undefined ? " Give this application's secret with PWLESS_CLIENT_SECRET or --client-secret-file if it has one." : '';
  return `Not using the ${foreign.withheld.join(' and ')} of profile ${foreign.profile}: the target in force (${foreign.because.join(', ')}) is not the profile's application.${ask}`;
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
  if (named !== undefined && profileNamed(config.profiles, named.value) === undefined) throw unknownProfile(named.value, config, named.origin);
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
 * The profile a login belongs to: the selected one, but only while the tenant and the client in
 * force are the profile's own. A login to another client (a --client-id flag, say) is not the
 * profile's: its tokens and pending logins are kept under its domain + client id instead.
 */
export function loginProfile(settings: Settings): string | undefined {
  if (settings.profile === undefined || settings.foreignTarget !== undefined) return undefined;
  return settings.domain !== undefined && settings.clientId !== undefined ? settings.profile.value : undefined;
}
