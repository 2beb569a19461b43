/**
 * How a finished login is shown. Human: the token table, the ID token's checks and its claims on
 * stdout, tokens shortened unless --show-tokens. JSON: the document of design.md §3. The pieces
 * are those of `pwless token` (token-claims.ts, token-verify.ts), so both views say the same.
 */
import type { ChalkInstance } from 'chalk';
import type { PwlessError } from '../core/errors.ts';
import type { Verification } from '../core/jwt.ts';
import { classifyToken } from '../core/jwt-decode.ts';
import type { SendKind } from '../core/passwordless.ts';
import type { TokenSet } from '../core/token-endpoint.ts';
import { table } from './format.ts';
import { shortenToken } from './redact.ts';
import { audienceText, claimRows, expiryPhrase, formatPhrase } from './token-claims.ts';
import { checkLines } from './token-verify.ts';
import { outputView, type OutputView, tokenValues } from './view.ts';

/** What this view reads of a finished login (src/cli/login/types.ts's LoginResult has it all). */
export interface FinishedLogin {
  start: { send: SendKind };
  tokens: TokenSet;
  obtainedAt: Date;
  verification: Verification | undefined;
  /** The scope the login asked for: what came back is compared with it. */
  requestedScope: string | undefined;
  saved: boolean;
  /** The failure the login ends with, though its tokens came back (a failed check, a store or discovery failure). */
  failure?: PwlessError | undefined;
}

export interface LoginLinesOptions {
  /** --show-tokens: the tokens in full. */
  showTokens: boolean;
  now?: number;
}

/** A finished login, shown: the tokens (and, with a failure, the error block after them). */
export function loginView(result: FinishedLogin, showTokens: boolean): OutputView {
  return outputView(loginJson(result), (c) => loginLines(result, c, { showTokens }), result.failure, showTokens ? tokenValues(result.tokens) : []);
}

export function loginJson(result: FinishedLogin): Record<string, unknown> {
  const { tokens, verification } = result;
  const claims: Record<string, unknown> = {};
  if (verification) claims.id_token = verification.claims;
  const access = classifyToken(tokens.access_token);
  if (access.format === 'jwt') claims.access_token = access.claims;
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
    saved: result.saved,
  };
}

export function loginLines(result: FinishedLogin, c: ChalkInstance, view: LoginLinesOptions): string[] {
  const { tokens, verification } = result;
  const now = view.now ?? Date.now();
  const show = (token: string) => (view.showTokens ? token : shortenToken(token));
  const access = classifyToken(tokens.access_token);
  const accessExp = Math.floor(result.obtainedAt.getTime() / 1000) + tokens.expires_in;
  const rows: [string, string][] = [
    ['access_token', `${show(tokens.access_token)}  ${tokens.token_type}, ${expiryPhrase(accessExp, now)}`],
    ['', c.dim(formatPhrase(access))],
  ];
  if (tokens.id_token !== undefined) {
    const exp = verification?.claims.exp;
    rows.push(['id_token', `${show(tokens.id_token)}${typeof exp === 'number' ? `  ${expiryPhrase(exp, now)}` : ''}`]);
  } else {
    rows.push(['id_token', c.dim(asked(result, 'openid') ? '(none returned: see the warning)' : '(none: add openid to --scope)')]);
  }
  const noRefresh =
    result.start.send === 'link'
      ? '(none: magic links never return one)'
      : asked(result, 'offline_access')
        ? '(none returned: see the warning)'
        : '(none: add offline_access to --scope)';
  rows.push(['refresh_token', tokens.refresh_token !== undefined ? show(tokens.refresh_token) : c.dim(noRefresh)]);
  rows.push(['scope', tokens.scope ?? c.dim('(not returned)')]);
  rows.push(['audience', (access.format === 'jwt' ? audienceText(access.claims.aud) : undefined) ?? c.dim('(not readable: see the access token above)')]);

  const lines = [c.bold('Tokens'), ...table(rows)];
  if (verification) lines.push('', ...verificationLines(verification, c), '', c.bold('ID token claims'), ...table(claimRows(verification.claims, now)));
  if (!view.showTokens) lines.push('', c.dim('Tokens are shortened; --show-tokens prints them in full, --json prints the whole set.'));
  return lines;
}

function asked(result: FinishedLogin, scope: string): boolean {
  return (result.requestedScope ?? '').split(/\s+/).includes(scope);
}

export function verificationLines(verification: Verification, c: ChalkInstance): string[] {
  const title = verification.ok
    ? c.green(`✓ ID token verified (${String(verification.header.alg)}, kid ${String(verification.header.kid)})`)
    : c.red('✗ ID token verification failed');
  return [c.bold(title), ...checkLines(verification, c)];
}
