/**
 * How a finished login is shown. Human: the token table, the ID token's checks and its claims on
 * stdout, tokens shortened unless --show-tokens. JSON: the document of design.md §3.
 */
import type { ChalkInstance } from 'chalk';
import type { JWTPayload } from 'jose';
import type { LoginResult } from '../cli/login.ts';
import type { Verification } from '../core/jwt.ts';
import { isoTime, relativeTime, table } from './format.ts';
import { shortenToken } from './redact.ts';

export interface LoginView {
  showTokens: boolean;
  now?: number;
}

export function loginJson(result: LoginResult): Record<string, unknown> {
  const { tokens, verification } = result;
  const claims: Record<string, unknown> = {};
  if (verification) claims.id_token = verification.claims;
  const access = tryDecodePayload(tokens.access_token);
  if (access) claims.access_token = access;
  return {
    tokens: {
      access_token: tokens.access_token,
      id_token: tokens.id_token,
      refresh_token: tokens.refresh_token,
      token_type: tokens.token_type,
      expires_in: tokens.expires_in,
      scope: tokens.scope,
    },
    claims,
    verification: verification ? { ok: verification.ok, checks: verification.checks } : undefined,
  };
}

export function loginLines(result: LoginResult, c: ChalkInstance, view: LoginView): string[] {
  const { tokens, verification } = result;
  const now = view.now ?? Date.now();
  const show = (token: string) => (view.showTokens ? token : shortenToken(token));
  const access = tryDecodePayload(tokens.access_token);
  const accessExp = Math.floor(now / 1000) + tokens.expires_in;
  const rows: [string, string][] = [
    ['access_token', `${show(tokens.access_token)}  ${tokens.token_type}, ${accessKind(tokens.access_token, access !== undefined)}, expires ${isoTime(accessExp)} (${relativeTime(accessExp, now)})`],
  ];
  if (tokens.id_token !== undefined) {
    const exp = verification?.claims.exp;
    rows.push(['id_token', `${show(tokens.id_token)}${typeof exp === 'number' ? `  expires ${isoTime(exp)} (${relativeTime(exp, now)})` : ''}`]);
  } else {
    rows.push(['id_token', c.dim('(none: add openid to --scope)')]);
  }
  rows.push(['refresh_token', tokens.refresh_token !== undefined ? show(tokens.refresh_token) : c.dim('(none: add offline_access to --scope)')]);
  rows.push(['scope', tokens.scope ?? c.dim('(not returned)')]);
  rows.push(['audience', access?.aud !== undefined ? [access.aud].flat().join(' ') : c.dim('(opaque token: request an --audience for a JWT)')]);

  const lines = [c.bold('Tokens'), ...table(rows)];
  if (verification) lines.push('', ...verificationLines(verification, c), '', c.bold('ID token claims'), ...claimLines(verification.claims, now));
  if (!view.showTokens) lines.push('', c.dim('Tokens are shortened; --show-tokens prints them in full, --json prints the whole set.'));
  return lines;
}

export function verificationLines(verification: Verification, c: ChalkInstance): string[] {
  const title = verification.ok
    ? c.green(`✓ ID token verified (${String(verification.header.alg)}, kid ${String(verification.header.kid)})`)
    : c.red('✗ ID token verification failed');
  const rows: [string, string][] = verification.checks.map((check) => [
    `${check.ok ? c.green('✓') : c.red('✗')} ${check.name}`,
    check.ok ? check.found : `expected ${check.expected}, found ${check.found}`,
  ]);
  return [c.bold(title), ...table(rows)];
}

/** A JWE (5 parts) is encrypted for its API; an opaque token is what Auth0 issues without an audience. */
function accessKind(token: string, decoded: boolean): string {
  if (decoded) return 'JWT';
  return token.split('.').length === 5 ? 'JWE (encrypted)' : 'opaque';
}

const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf', 'auth_time']);

function claimLines(claims: JWTPayload, now: number): string[] {
  return table(
    Object.entries(claims).map(([name, value]) => [
      name,
      TIME_CLAIMS.has(name) && typeof value === 'number' ? `${value}  ${isoTime(value)} (${relativeTime(value, now)})` : typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

function tryDecodePayload(token: string): JWTPayload | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' ? (payload as JWTPayload) : undefined;
  } catch {
    return undefined;
  }
}
