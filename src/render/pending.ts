/** What `start` says when it leaves a login pending: what was sent, and the command that finishes it. */
import type { ChalkInstance } from 'chalk';
import type { PendingLogin } from '../config/pending.ts';
import { OTP_SOURCES_HELP } from '../otp/source.ts';

export function pendingLines(pending: PendingLogin, c: ChalkInstance): string[] {
  const who = pending.channel === 'email' ? `--email ${pending.identity}` : `--phone ${pending.identity}`;
  const finish = pending.send === 'link' ? `pwless verify ${who} --link '<the link from the message>'` : `pwless verify ${who} --otp <code>`;
  return [
    `${pending.send === 'link' ? 'Link' : 'Code'} sent to ${pending.identity}; the login is waiting for it.`,
    'Finish it with:',
    `  ${c.bold(finish)}`,
    c.dim(`  (or --otp-from ${OTP_SOURCES_HELP})`),
  ];
}

/** The pending login for scripts, without the PKCE verifier: it proves the login, like a secret. */
export function pendingJson(pending: PendingLogin): Record<string, unknown> {
  const { code_verifier: _verifier, ...shown } = pending;
  return { pending: shown };
}
