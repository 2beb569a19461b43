/**
 * `pwless token userinfo`: the claims /userinfo returned, each marked against the saved ID token:
 * the same, different (both values shown), or present on one side only.
 */
import type { ChalkInstance } from 'chalk';
import type { ClaimComparison } from '../core/userinfo.ts';
import { table } from './format.ts';
import { claimRows, claimValue } from './token-claims.ts';

export interface UserinfoView {
  userinfo: Record<string, unknown>;
  /** Undefined when there is no ID token to compare with (openid was not in the scope). */
  comparison: ClaimComparison[] | undefined;
  now: number;
}

export function userinfoJson(view: UserinfoView): Record<string, unknown> {
  const disagreements = view.comparison?.filter((row) => row.status !== 'same') ?? null;
  return { userinfo: view.userinfo, agrees_with_id_token: disagreements === null ? null : disagreements.length === 0, disagreements };
}

export function userinfoLines(view: UserinfoView, c: ChalkInstance): string[] {
  const { comparison, now } = view;
  if (comparison === undefined) {
    return [
      c.bold('/userinfo'),
      ...table(claimRows(view.userinfo, now)),
      '',
      c.dim('There is no saved ID token to compare with (openid was not in the scope).'),
    ];
  }
  const rows: [string, string][] = comparison.map((row) => [`${mark(row, c)} ${row.claim}`, describe(row, now, c)]);
  const differing = comparison.filter((row) => row.status !== 'same').length;
  const summary =
    differing === 0
      ? c.green('✓ /userinfo and the ID token agree on every claim they share.')
      : c.yellow(
          `${differing} claim${differing === 1 ? '' : 's'} differ${differing === 1 ? 's' : ''} between /userinfo and the ID token (a profile may change after the login; sub may not).`,
        );
  return [c.bold('/userinfo, compared with the saved ID token'), ...table(rows), '', summary];
}

function mark(row: ClaimComparison, c: ChalkInstance): string {
  return row.status === 'same' ? c.green('=') : row.status === 'different' ? c.red('≠') : c.yellow('±');
}

function describe(row: ClaimComparison, now: number, c: ChalkInstance): string {
  switch (row.status) {
    case 'same':
      return claimValue(row.claim, row.userinfo, now);
    case 'different':
      return `${claimValue(row.claim, row.userinfo, now)}  ${c.red(`(ID token: ${claimValue(row.claim, row.id_token, now)})`)}`;
    case 'userinfo_only':
      return `${claimValue(row.claim, row.userinfo, now)}  ${c.dim('(not in the ID token)')}`;
    case 'id_token_only':
      return `${c.dim('(absent)')}  ${c.yellow(`(ID token: ${claimValue(row.claim, row.id_token, now)})`)}`;
  }
}
