/** How profiles and resolved settings are shown. Secrets: only their reference, or •••• and the last 4 characters. */
import type { ChalkInstance } from 'chalk';
import { describeSecretRef, PROFILE_DEFAULTS, type Profile, type SecretRef } from '../config/profile.ts';
import type { Settings, Sourced } from '../config/resolve.ts';
import { maskSecret } from './redact.ts';
import { table } from './format.ts';

export function secretJson(ref: SecretRef | undefined): Record<string, string> | null {
  if (ref === undefined) return null;
  if (ref.kind === 'stored') return { kind: 'stored', value: maskSecret(ref.value) };
  return ref.kind === 'env' ? { kind: 'env', name: ref.name } : { kind: 'file', path: ref.path };
}

export function profileJson(name: string, profile: Profile, isDefault: boolean): Record<string, unknown> {
  return { name, default: isDefault, ...profile, secret: secretJson(profile.secret) };
}

export function profileListLines(profiles: Record<string, Profile>, defaultName: string | undefined, c: ChalkInstance): string[] {
  const names = Object.keys(profiles).sort();
  if (names.length === 0) return [c.dim('No profiles yet: pwless profile add <name> --domain <tenant> --client-id <id>')];
  const rows = names.map((name) => {
    const p = profiles[name] as Profile;
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

export function profileLines(name: string, profile: Profile, isDefault: boolean, c: ChalkInstance): string[] {
  const rows: [string, string][] = [
    ['domain', profile.domain],
    ['client id', profile.clientId],
    ['type', profile.appType],
    ['secret', describeSecretRef(profile.secret)],
  ];
  for (const key of PROFILE_DEFAULTS) if (profile[key] !== undefined) rows.push([label(key), profile[key]]);
  for (const [k, v] of Object.entries(profile.authParams ?? {})) rows.push([`authParams.${k}`, v]);
  return [c.bold(`${name}${isDefault ? ' (default)' : ''}`), ...table(rows)];
}

type SettingRow = [string, Sourced<unknown> | undefined];

function settingRows(settings: Settings): SettingRow[] {
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
    const ref = value as SecretRef | { kind: 'value'; value: string };
    return ref.kind === 'value' ? maskSecret(ref.value) : describeSecretRef(ref);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function settingsJson(settings: Settings): Record<string, unknown> {
  return Object.fromEntries(
    settingRows(settings).map(([name, s]) => [
      name.replace(/ (\w)/g, (_m, ch: string) => ch.toUpperCase()),
      s === undefined ? null : { value: shown(name, s.value), source: s.source, origin: s.origin },
    ]),
  );
}

export function settingsLines(settings: Settings, c: ChalkInstance): string[] {
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
