/**
 * What `pwless token refresh` changed: whether each token is new, the access token's new expiry,
 * the scope, whether the refresh token was rotated (RFC 6749 §6 makes that the server's choice),
 * and every claim of the access and ID tokens whose value differs.
 */
import type { ChalkInstance } from 'chalk';
import type { Verification } from '../core/jwt.ts';
import { classifyToken } from '../core/jwt-decode.ts';
import { isoTimeFromSeconds, table } from './format.ts';
import { shortenToken } from './redact.ts';
import { claimValue, expiryPhrase, whenPhrase } from './token-claims.ts';
import { describeSet, type SavedSetShown } from './token-set.ts';
import { checkLines } from './token-verify.ts';

export interface ClaimChange {
  /** `id_token` or `access_token`. */
  token: 'id_token' | 'access_token';
  claim: string;
  /** Undefined when the claim was absent on that side. */
  before?: unknown;
  after?: unknown;
}

export interface RefreshView {
  before: SavedSetShown;
  after: SavedSetShown;
  beforeAccessExp: number;
  afterAccessExp: number;
  /** Which tokens the refresh response itself carried (a token can come back identical to the old one). */
  returned: { id_token: boolean; refresh_token: boolean };
  verification: Verification | undefined;
  showTokens: boolean;
  now: number;
}

/** Claims whose values differ between the two tokens of the same name (both must be JWTs). */
export function claimChanges(before: SavedSetShown, after: SavedSetShown): ClaimChange[] {
  const changes: ClaimChange[] = [];
  for (const token of ['access_token', 'id_token'] as const) {
    const [a, b] = [before.tokens[token], after.tokens[token]];
    if (a === undefined || b === undefined || a === b) continue;
    const [x, y] = [classifyToken(a), classifyToken(b)];
    if (x.format !== 'jwt' || y.format !== 'jwt') continue;
    for (const claim of new Set([...Object.keys(x.claims), ...Object.keys(y.claims)])) {
      const [old, now] = [x.claims[claim], y.claims[claim]];
      if (JSON.stringify(old) !== JSON.stringify(now)) changes.push({ token, claim, before: old, after: now });
    }
  }
  return changes;
}

export function refreshJson(view: RefreshView): Record<string, unknown> {
  const { before, after } = view;
  return {
    refreshed: true,
    saved: true,
    tokens: after.tokens,
    obtained_at: after.obtained_at,
    changes: {
      access_token: 'new',
      id_token: view.returned.id_token ? 'new' : after.tokens.id_token !== undefined ? 'kept' : 'none',
      refresh_token: view.returned.refresh_token ? 'returned' : 'kept',
      scope: { before: before.tokens.scope ?? null, after: after.tokens.scope ?? null },
      access_token_expires: { before: isoTimeFromSeconds(view.beforeAccessExp), after: isoTimeFromSeconds(view.afterAccessExp) },
      claims: claimChanges(before, after),
    },
    verification: view.verification ? { ok: view.verification.ok, checks: view.verification.checks } : null,
  };
}

export function refreshLines(view: RefreshView, c: ChalkInstance): string[] {
  const { before, after, now } = view;
  const show = (token: string) => (view.showTokens ? token : shortenToken(token));
  const scope =
    before.tokens.scope === after.tokens.scope
      ? `unchanged: ${after.tokens.scope ?? '(not returned)'}`
      : `${before.tokens.scope ?? '(none)'} → ${after.tokens.scope ?? '(not returned)'}`;
  const rows: [string, string][] = [
    [
      'access_token',
      `new ${show(after.tokens.access_token)}, ${expiryPhrase(view.afterAccessExp, now)}; the old one ${expiryPhrase(view.beforeAccessExp, now)}`,
    ],
    ['id_token', idTokenStatus(view, show)],
    ['refresh_token', refreshTokenStatus(view)],
    ['scope', scope],
  ];
  const lines = [c.bold(`Refreshed the tokens of ${describeSet(after)}`), ...table(rows)];
  const changes = claimChanges(before, after);
  if (changes.length > 0) {
    lines.push('', c.bold('Claims that changed'));
    lines.push(...table(changes.map((x) => [`${x.token}.${x.claim}`, `${side(x.claim, x.before, now)} → ${side(x.claim, x.after, now)}`])));
  }
  if (view.verification)
    lines.push(
      '',
      c.bold(view.verification.ok ? c.green('✓ New ID token verified') : c.red('✗ New ID token failed verification')),
      ...checkLines(view.verification, c),
    );
  lines.push('', c.dim(`Saved at ${whenPhrase(Date.parse(after.obtained_at) / 1000, now)} for \`pwless token\`.`));
  return lines;
}

function idTokenStatus(view: RefreshView, show: (token: string) => string): string {
  const { before, after } = view;
  if (!view.returned.id_token) return after.tokens.id_token !== undefined ? 'kept: none came back' : 'none (openid was not in the scope)';
  if (before.tokens.id_token === undefined) return `new ${show(after.tokens.id_token!)} (there was none)`;
  return `new ${show(after.tokens.id_token!)}${before.tokens.id_token === after.tokens.id_token ? ' (identical to the old one: same claims, same second)' : ''}`;
}

/** RFC 6749 §6: the server MAY issue a new refresh token; a rotating tenant revokes the old one. */
function refreshTokenStatus(view: RefreshView): string {
  if (!view.returned.refresh_token) return 'kept: none came back (the tenant does not rotate it)';
  return view.before.tokens.refresh_token === view.after.tokens.refresh_token ? 'returned unchanged' : 'rotated: a new one came back and replaces the old one';
}

function side(claim: string, value: unknown, now: number): string {
  return value === undefined ? '(absent)' : claimValue(claim, value, now);
}
