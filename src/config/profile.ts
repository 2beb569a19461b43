/**
 * A tenant profile: which tenant and application to log in to, and the defaults of the login.
 * The client secret is kept as a reference when it can be (env:VAR, file:PATH) and as a value
 * only when the user asks for it (it is then plaintext in a 0600 file; README "Profiles").
 */
import { tenantBaseUrl } from '../core/domain.ts';
import { UsageError } from '../core/errors.ts';

export const APP_TYPES = ['native', 'regular_web', 'spa'] as const;
export type AppType = (typeof APP_TYPES)[number];

/** Public clients have no secret to keep (docs/auth0-behaviour.md, B-APP-1, B-APP-2). */
export const PUBLIC_APP_TYPES: readonly AppType[] = ['native', 'spa'];

export type SecretRef = { kind: 'env'; name: string } | { kind: 'file'; path: string } | { kind: 'stored'; value: string };

export interface Profile {
  domain: string;
  clientId: string;
  appType: AppType;
  secret?: SecretRef;
  connection?: string;
  email?: string;
  phone?: string;
  scope?: string;
  audience?: string;
  redirectUri?: string;
  forwardedFor?: string;
  language?: string;
  authParams?: Record<string, string>;
}

/** The login defaults a profile may hold, each a string (authParams aside). */
export const PROFILE_DEFAULTS = ['connection', 'email', 'phone', 'scope', 'audience', 'redirectUri', 'forwardedFor', 'language'] as const;
export type ProfileDefaults = Partial<Pick<Profile, (typeof PROFILE_DEFAULTS)[number]>>;

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const CLIENT_ID = /^[\w.-]{1,128}$/;

export function checkProfileName(name: string, what = 'profile name'): string {
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError(`${JSON.stringify(name)} is not a valid ${what}: use up to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.`, {
      code: 'invalid_profile_name',
    });
  }
  return name;
}

/**
 * The profile of that name: an own member of the profiles only. Inherited members of an object
 * (`constructor`, `toString`, `__proto__`, …) are no profiles: looked up with `profiles[name]`, they
 * were found, shown with `domain undefined`, and saved as a default that points at nothing.
 */
export function profileNamed(profiles: Readonly<Record<string, Profile>> | undefined, name: string): Profile | undefined {
  return profiles !== undefined && Object.hasOwn(profiles, name) ? profiles[name] : undefined;
}

export function checkClientId(value: string, flag = '--client-id'): string {
  if (!CLIENT_ID.test(value)) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a client id: letters, digits, "_", "-" and "." only.`, { code: 'invalid_client_id' });
  }
  return value;
}

export function checkAppType(value: string): AppType {
  if (!(APP_TYPES as readonly string[]).includes(value)) {
    throw new UsageError(`--type ${JSON.stringify(value)} is not an application type: use ${APP_TYPES.join(', ')}.`, { code: 'invalid_app_type' });
  }
  return value as AppType;
}

/** `env:VAR` or `file:PATH`, as typed after --secret-ref. */
export function parseSecretRef(value: string): SecretRef {
  const env = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
  if (env?.[1]) return { kind: 'env', name: env[1] };
  const file = /^file:(.+)$/.exec(value);
  if (file?.[1]) return { kind: 'file', path: file[1] };
  throw new UsageError(`--secret-ref ${JSON.stringify(value)} is not a secret reference.`, {
    code: 'invalid_secret_ref',
    hint: 'Use env:VARIABLE (read at run time) or file:/path/to/secret.',
  });
}

/** Checks a new profile as a whole; throws UsageError (exit 2) before anything is written. */
export function validateProfile(profile: Profile): Profile {
  const domain = tenantBaseUrl(profile.domain).origin;
  checkClientId(profile.clientId);
  checkAppType(profile.appType);
  if (profile.secret !== undefined && PUBLIC_APP_TYPES.includes(profile.appType)) {
    throw new UsageError(`A ${profile.appType} application is public: it has no client secret, so the profile cannot keep one.`, {
      code: 'secret_for_public_client',
      hint: 'Drop the secret, or use --type regular_web if the application is a Regular Web Application.',
    });
  }
  return { ...profile, domain };
}
