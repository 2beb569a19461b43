/** What `start` says when it leaves a login pending: what was sent, and the command that finishes it. */
import type { ChalkInstance } from 'chalk';
import { outputView, type OutputView } from './view.ts';

/**
 * What these views read of a pending login (src/config/pending.ts's PendingLogin has it). Its JSON
 * lists every field the login has, but the PKCE verifier: it proves the login, like a secret.
 */
export interface PendingShown {
  created_at: string;
  domain: string;
  client_id: string;
  profile?: string | undefined;
  channel: 'email' | 'sms';
  identity: string;
  send: 'code' | 'link';
  failed_attempts?: number | undefined;
  code_verifier?: string | undefined;
}

/** The login left pending; `otpSources` lists the values --otp-from takes (src/otp/source.ts). */
export function pendingView(pending: PendingShown, otpSources: string): OutputView {
  return outputView(pendingJson(pending), (c) => pendingLines(pending, c, otpSources));
}

function pendingLines(pending: PendingShown, c: ChalkInstance, otpSources: string): string[] {
  const who = pending.channel === 'email' ? `--email ${pending.identity}` : `--phone ${pending.identity}`;
  const finish = pending.send === 'link' ? `pwless verify ${who} --link '<the link from the message>'` : `pwless verify ${who} --otp <code>`;
  return [
    `${pending.send === 'link' ? 'Link' : 'Code'} sent to ${pending.identity}; the login is waiting for it.`,
    'Finish it with:',
    `  ${c.bold(finish)}`,
    c.dim(`  (or --otp-from ${otpSources})`),
  ];
}

function pendingJson(pending: PendingShown): Record<string, unknown> {
  const { code_verifier: _verifier, ...shown } = pending;
  return { pending: shown };
}
