/** `pwless pending`: one row per waiting login, and the JSON list for scripts (PKCE verifiers left out). */
import type { ChalkInstance } from 'chalk';
import { duration } from './format.ts';
import type { PendingShown } from './pending.ts';

export interface PendingListEntry {
  login: PendingShown;
  /** Whether its code can still be valid (younger than --otp-lifetime, not out of tries): decided by the caller. */
  mayBeLive: boolean;
}

export interface PendingListView {
  /** Newest first. */
  logins: PendingListEntry[];
  /** Seconds a code lives (--otp-lifetime). */
  lifetime: number;
  now: number;
}

export function pendingListJson(view: PendingListView): Record<string, unknown> {
  return {
    otp_lifetime: view.lifetime,
    pending: view.logins.map(({ login, mayBeLive }) => {
      const { code_verifier: _verifier, ...shown } = login;
      return { ...shown, age_seconds: ageSeconds(login, view.now), may_be_live: mayBeLive };
    }),
  };
}

export function pendingListLines(view: PendingListView, c: ChalkInstance): string[] {
  if (view.logins.length === 0) return ['No pending logins. `pwless start` without a code at hand leaves one here.'];
  const rows = view.logins.map((entry) => [
    entry.login.identity,
    entry.login.profile !== undefined ? `profile ${entry.login.profile}` : `${entry.login.domain} ${entry.login.client_id}`,
    `${entry.login.send}, ${duration(ageSeconds(entry.login, view.now))} ago`,
    state(entry, c),
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return [
    c.bold(`Pending logins, newest first (codes live ${view.lifetime} s: --otp-lifetime)`),
    ...rows.map(
      (r) =>
        `  ${r
          .slice(0, 3)
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')}  ${r[3]}`,
    ),
    '',
    c.dim('Finish one with `pwless verify --email <address> --otp <code>` (or --phone); forget void ones with `pwless pending clear`.'),
  ];
}

function state({ login, mayBeLive }: PendingListEntry, c: ChalkInstance): string {
  const tries = login.failed_attempts ? `, ${login.failed_attempts} wrong ${login.failed_attempts === 1 ? 'try' : 'tries'}` : '';
  return mayBeLive ? c.green(`code may still be valid${tries}`) : c.dim(`code expired${tries}`);
}

function ageSeconds(login: PendingShown, now: number): number {
  return Math.max(0, Math.round((now - Date.parse(login.created_at)) / 1000));
}
