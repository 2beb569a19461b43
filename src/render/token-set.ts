/**
 * `pwless token`: the saved set of the profile, decoded but not verified. Each token with its
 * format, expiry (ISO and relative), audience, header and claims; the access token may be a JWT,
 * an encrypted JWE or an opaque string, and the view says which and why.
 */
import type { ChalkInstance } from 'chalk';
import { classifyToken, type TokenFormat } from '../core/jwt-decode.ts';
import type { TokenSet } from '../core/token-endpoint.ts';
import { isoTimeFromSeconds, table } from './format.ts';
import { shortenToken } from './redact.ts';
import { audienceText, expiryPhrase, formatJson, formatPhrase, jwtLines, whenPhrase } from './token-claims.ts';

/** What the token views read of a saved set (src/config/saved-tokens.ts's SavedTokenSet has it). */
export interface SavedSetShown {
  /** When the token response arrived (ISO 8601). */
  obtained_at: string;
  domain: string;
  client_id: string;
  profile?: string | undefined;
  tokens: TokenSet;
}

export interface TokenSetView {
  key: string;
  set: SavedSetShown;
  /** When the access token expires (epoch seconds): its exp, or obtained_at + expires_in. */
  accessExp: number;
  showTokens: boolean;
  now: number;
}

/** "profile dev: emulator-native on http://127.0.0.1:4010". */
export function describeSet(set: Pick<SavedSetShown, 'profile' | 'client_id' | 'domain'>): string {
  return `${set.profile !== undefined ? `profile ${set.profile}: ` : ''}${set.client_id} on ${set.domain}`;
}

export function tokenSetJson(view: TokenSetView): Record<string, unknown> {
  const { set } = view;
  const id = set.tokens.id_token !== undefined ? classifyToken(set.tokens.id_token) : undefined;
  return {
    saved: { key: view.key, profile: set.profile ?? null, domain: set.domain, client_id: set.client_id, obtained_at: set.obtained_at },
    tokens: set.tokens,
    decoded: {
      access_token: {
        ...formatJson(classifyToken(set.tokens.access_token)),
        expires_at: isoTimeFromSeconds(view.accessExp),
        expired: view.accessExp * 1000 <= view.now,
      },
      id_token: id === undefined ? null : formatJson(id),
    },
    verified: false,
  };
}

export function tokenSetLines(view: TokenSetView, c: ChalkInstance): string[] {
  const { set, now } = view;
  const show = (token: string) => (view.showTokens ? token : shortenToken(token));
  const lines = [
    `${c.bold('Saved tokens')}  ${describeSet(set)}`,
    ...table([
      ['obtained', whenPhrase(Date.parse(set.obtained_at) / 1000, now)],
      ['scope', set.tokens.scope ?? c.dim('(not returned)')],
    ]),
    '',
    ...accessLines(set, view, show, c),
    '',
    ...idTokenLines(set, show, c, now),
    '',
    `${c.bold('refresh_token')}  ${set.tokens.refresh_token !== undefined ? show(set.tokens.refresh_token) : c.dim('(none: offline_access was not in the scope)')}`,
    '',
    c.dim("Decoded only: nothing here was verified. `pwless token verify` checks the ID token against the tenant's keys."),
  ];
  if (!view.showTokens) lines.push(c.dim('Tokens are shortened; --show-tokens prints them in full, --raw <name> prints one for scripts.'));
  return lines;
}

function accessLines(set: SavedSetShown, view: TokenSetView, show: (t: string) => string, c: ChalkInstance): string[] {
  const format: TokenFormat = classifyToken(set.tokens.access_token);
  const exp = expiryPhrase(view.accessExp, view.now);
  const rows: [string, string][] = [
    ['type', `${set.tokens.token_type}, ${formatPhrase(format)}`],
    ['expiry', view.accessExp * 1000 > view.now ? exp : c.red(exp)],
  ];
  if (format.format === 'jwt') rows.push(['audience', audienceText(format.claims.aud) ?? c.dim('(none)')]);
  const lines = [`${c.bold('access_token')}  ${show(set.tokens.access_token)}`, ...table(rows)];
  if (format.format === 'jwt') lines.push(...jwtLines(format, c, view.now));
  return lines;
}

function idTokenLines(set: SavedSetShown, show: (t: string) => string, c: ChalkInstance, now: number): string[] {
  const token = set.tokens.id_token;
  if (token === undefined) return [`${c.bold('id_token')}  ${c.dim('(none: openid was not in the scope)')}`];
  const format = classifyToken(token);
  if (format.format !== 'jwt') return [`${c.bold('id_token')}  ${show(token)}`, `  ${c.red('not a readable JWT: `pwless token decode` says why')}`];
  const exp = format.claims.exp;
  const rows: [string, string][] = [
    ['expiry', typeof exp === 'number' ? (exp * 1000 > now ? expiryPhrase(exp, now) : c.red(expiryPhrase(exp, now))) : c.red('(no exp claim)')],
    ['audience', audienceText(format.claims.aud) ?? c.red('(none)')],
  ];
  return [`${c.bold('id_token')}  ${show(token)}`, ...table(rows), ...jwtLines(format, c, now)];
}
