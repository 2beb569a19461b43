/** How profiles and resolved settings are shown. Secrets: only their reference, or •••• and the last 4 characters. */
import type { ChalkInstance } from 'chalk';
import { maskSecret } from './redact.ts';
import { table } from './format.ts';

/** Where a profile keeps its client secret, as these views read it (src/config/profile.ts's SecretRef). */
export type SecretShown = { kind: 'env'; name: string } | { kind: 'file'; path: string } | { kind: 'stored'; value: string };

/** What these views read of a profile (src/config/profile.ts's Profile has it); its JSON lists every field, the secret masked. */
export interface ProfileShown {
  domain: string;
  clientId: string;
  appType: string;
  secret?: SecretShown | undefined;
  connection?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  scope?: string | undefined;
  audience?: string | undefined;
  redirectUri?: string | undefined;
  forwardedFor?: string | undefined;
  language?: string | undefined;
  authParams?: Record<string, string> | undefined;
}

/** The login defaults a profile may hold, in the order they are shown (src/config/profile.ts's PROFILE_DEFAULTS). */
export const PROFILE_DEFAULT_ROWS = [
  'connection',
  'email',
  'phone',
  'scope',
  'audience',
  'redirectUri',
  'forwardedFor',
  'language',
] as const satisfies readonly (keyof ProfileShown)[];

/** A value in force and where it comes from (src/config/resolve.ts's Sourced). */
interface SettingShown<T> {
  value: T;
  /** flag, env, profile or default. */
  source: string;
  /** Where exactly: `--domain`, `PWLESS_DOMAIN`, `profile dev`, `default`. */
  origin: string;
}

/** What `pwless config` reads of the resolved settings (src/config/resolve.ts's Settings has it). */
export interface SettingsShown {
  profile: SettingShown<string> | undefined;
  domain: SettingShown<string> | undefined;
  clientId: SettingShown<string> | undefined;
  appType: SettingShown<string> | undefined;
  /** A reference to the secret, or PWLESS_CLIENT_SECRET's value. */
  secret: SettingShown<SecretShown | { kind: 'value'; value: string }> | undefined;
  connection: SettingShown<string> | undefined;
  email: SettingShown<string> | undefined;
  phone: SettingShown<string> | undefined;
  scope: SettingShown<string>;
  audience: SettingShown<string> | undefined;
  redirectUri: SettingShown<string> | undefined;
  forwardedFor: SettingShown<string> | undefined;
  language: SettingShown<string> | undefined;
  authParams: SettingShown<Record<string, string>> | undefined;
}

/** `env:VAR`, `file:PATH`, or a stored value as •••• and its last 4 characters. */
function describeSecretRef(ref: SecretShown | undefined): string {
  if (ref === undefined) return 'none';
  if (ref.kind === 'env') return `env:${ref.name}`;
  if (ref.kind === 'file') return `file:${ref.path}`;
  return `stored in the config file (${ref.value.length > 8 ? `••••${ref.value.slice(-4)}` : '••••'})`;
}

export function secretJson(ref: SecretShown | undefined): Record<string, string> | null {
  if (ref === undefined) return null;
  if (ref.kind === 'stored') return { kind: 'stored', value: maskSecret(ref.value) };
  return ref.kind === 'env' ? { kind: 'env', name: ref.name } : { kind: 'file', path: ref.path };
}

export function profileJson(name: string, profile: ProfileShown, isDefault: boolean): Record<string, unknown> {
  return { name, default: isDefault, ...profile, secret: secretJson(profile.secret) };
}

export function profileListLines(profiles: Record<string, ProfileShown>, defaultName: string | undefined, c: ChalkInstance): string[] {
  const names = Object.keys(profiles).sort();
  if (names.length === 0) return [c.dim('No profiles yet: pwless profile add <name> --domain <tenant> --client-id <id>')];
  const rows = names.map((name) => {
    const p = profiles[name] as ProfileShown;
    return [`${name === defaultName ? '*' : ' '} ${name}`, p.domain, p.clientId, p.appType, p.secret ? p.secret.kind : '-'];
  });
  const header = ['  NAME', 'DOMAIN', 'CLIENT ID', 'TYPE', 'SECRET'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const legend =
    defaultName !== undefined && profiles[defaultName] !== undefined
      ? c.dim('* the default profile')
      : c.dim('No default profile: commands need --profile, PWLESS_PROFILE or --domain; pick one with `pwless profile use <name>`.');
  return [c.bold(fmt(header)), ...rows.map(fmt), '', legend];
}

export function profileLines(name: string, profile: ProfileShown, isDefault: boolean, c: ChalkInstance): string[] {
  const rows: [string, string][] = [
    ['domain', profile.domain],
    ['client id', profile.clientId],
    ['type', profile.appType],
    ['secret', describeSecretRef(profile.secret)],
  ];
  for (const key of PROFILE_DEFAULT_ROWS) {
    const value = profile[key];
    if (value !== undefined) rows.push([label(key), value]);
  }
  for (const [k, v] of Object.entries(profile.authParams ?? {})) rows.push([`authParams.${k}`, v]);
  return [c.bold(`${name}${isDefault ? ' (default)' : ''}`), ...table(rows)];
}

type SettingRow = [string, SettingShown<unknown> | undefined];

function settingRows(settings: SettingsShown): SettingRow[] {
  return [
    ['profile', settings.profile],
    ['domain', settings.domain],
    ['client id', settings.clientId],
    ['type', settings.appType],
    ['client secret', settings.secret],
    ['connection', settings.connection],
    ['email', settings.email],
    ['phone', settings.phone],
    ['scope', settings.scope],
    ['audience', settings.audience],
    ['redirect uri', settings.redirectUri],
    ['forwarded for', settings.forwardedFor],
    ['language', settings.language],
    ['authParams', settings.authParams],
  ];
}

function shown(name: string, value: unknown): string {
  if (name === 'client secret') {
    const ref = value as SecretShown | { kind: 'value'; value: string };
    return ref.kind === 'value' ? maskSecret(ref.value) : describeSecretRef(ref);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function settingsJson(settings: SettingsShown): Record<string, unknown> {
  return Object.fromEntries(
    settingRows(settings).map(([name, s]) => [
      name.replace(/ (\w)/g, (_m, ch: string) => ch.toUpperCase()),
      s === undefined ? null : { value: shown(name, s.value), source: s.source, origin: s.origin },
    ]),
  );
}

export function settingsLines(settings: SettingsShown, c: ChalkInstance): string[] {
  const rows = settingRows(settings).map(([name, s]): [string, string] => [
    name,
    s === undefined ? c.dim('(not set)') : `${shown(name, s.value)}  ${c.dim(`← ${s.origin}`)}`,
  ]);
  return [c.bold('Settings in force (flags > PWLESS_* environment > profile > defaults)'), ...table(rows)];
}

/** redirectUri → "redirect uri": camelCase keys as the words the rest of the view uses. */
function label(key: string): string {
  return key.replace(/[A-Z]/g, (ch) => ` ${ch.toLowerCase()}`);
}
