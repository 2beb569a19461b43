/** `pwless pending`: one row per waiting login, and the JSON list for scripts (PKCE verifiers left out). */
import type { ChalkInstance } from 'chalk';
import { mayBeLive, type PendingLogin } from '../config/pending.ts';
import { duration } from './format.ts';

export interface PendingListView {
  logins: PendingLogin[];
  /** Seconds a code lives (--otp-lifetime). */
  lifetime: number;
  now: number;
}

export function pendingListJson(view: PendingListView): Record<string, unknown> {
  return {
    otp_lifetime: view.lifetime,
    pending: view.logins.map((login) => {
      const { code_verifier: _verifier, ...shown } = login;
      return { ...shown, age_seconds: ageSeconds(login, view.now), may_be_live: mayBeLive(login, view.lifetime, view.now) };
    }),
  };
}

export function pendingListLines(view: PendingListView, c: ChalkInstance): string[] {
  if (view.logins.length === 0) return ['No pending logins. `pwless start` without a code at hand leaves one here.'];
  const rows = view.logins.map((login) => [
    login.identity,
    login.profile !== undefined ? `profile ${login.profile}` : `${login.domain} ${login.client_id}`,
    `${login.send}, ${duration(ageSeconds(login, view.now))} ago`,
    state(login, view, c),
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

function state(login: PendingLogin, view: PendingListView, c: ChalkInstance): string {
  const tries = login.failed_attempts ? `, ${login.failed_attempts} wrong ${login.failed_attempts === 1 ? 'try' : 'tries'}` : '';
  return mayBeLive(login, view.lifetime, view.now) ? c.green(`code may still be valid${tries}`) : c.dim(`code expired${tries}`);
}

function ageSeconds(login: PendingLogin, now: number): number {
  return Math.max(0, Math.round((now - Date.parse(login.created_at)) / 1000));
}
