/**
 * The narration of a login on stderr, step by step: what was sent, where the code or link was
 * read, what was exchanged, checked and saved, and the warnings when a step after the exchange
 * fails (the tokens are still shown). Kept with the rest of the wording, apart from the steps
 * (src/cli/login/flow.ts), so that a line can be reworded without reading the orchestration.
 */
import type { ChalkInstance } from 'chalk';
import type { StartParams } from '../core/passwordless.ts';

const done = (c: ChalkInstance) => c.green('✓');

export function sentLine(c: ChalkInstance, start: StartParams): string {
  const what = start.send === 'link' ? 'a link' : 'a code';
  return `${done(c)} Sent ${what} by ${start.channel} to ${start.identity} (POST /passwordless/start; client ${start.clientId}, connection ${start.connection}).`;
}

export function readCodeLine(c: ChalkInstance, from: string): string {
  return `${done(c)} Read the code from ${from}.`;
}

export function readLinkLine(c: ChalkInstance, from: string): string {
  return `${done(c)} Read the link from ${from}; following it without a browser.`;
}

export function exchangedCodeLine(c: ChalkInstance): string {
  return `${done(c)} Exchanged the code for tokens (POST /oauth/token, passwordless OTP grant).`;
}

export function exchangedAuthorizationCodeLine(c: ChalkInstance, pkce: boolean): string {
  return `${done(c)} Exchanged the code for tokens (POST /oauth/token, authorization_code grant${pkce ? ' with PKCE' : ''}).`;
}

export function redirectedLine(c: ChalkInstance, redirectTo: string): string {
  return `${done(c)} The tenant redirected to ${redirectTo} with the expected state.`;
}

export function waitForBrowserLines(c: ChalkInstance, identity: string, timeoutSeconds: number, redirectUri: string): string[] {
  return [
    `Open the link in the message to ${identity} in a browser on this machine.`,
    c.dim(`Waiting up to ${timeoutSeconds} s for it to land on ${redirectUri} (Ctrl-C to stop).`),
  ];
}

export function checkedIdTokenLine(c: ChalkInstance, ok: boolean, jwksUri: string): string {
  return `${ok ? done(c) : c.red('✗')} Checked the ID token against the tenant's keys (${jwksUri}).`;
}

export function savedTokensLine(c: ChalkInstance, profile: string | undefined): string {
  return c.dim(`Saved the tokens for \`pwless token\`${profile ? ` (profile ${profile})` : ''}; --no-save skips this.`);
}

/** The prompt's question: the first time, and after a wrong code. */
export function codePrompt(identity: string, attempt: number): string {
  return attempt === 1 ? `Code sent to ${identity}:` : 'Code (try again):';
}

/** A wrong code at the prompt, with the tries the code has left when they are known. */
export function wrongCodeWarning(message: string, left: number | undefined): string {
  return left === undefined ? message : `${message} ${left} attempt${left === 1 ? '' : 's'} left for this code.`;
}

/** The code is void or expired: only a new one can help. */
export function voidCodeWarning(message: string, wasWrong: boolean): string {
  return wasWrong ? `${message} That was the last attempt for this code.` : message;
}

export const NOT_SAVED_WARNING = 'The tokens could not be saved (the error follows); they are shown below.';

/** The ID token could not be checked; `reason` is undefined when this failure is the one the error block shows. */
export function notVerifiedWarning(reason: string | undefined, saved: boolean): string {
  return `The ID token could not be verified (${reason === undefined ? 'the error follows' : reason.replace(/\.$/, '')}); the tokens are shown below${saved ? ' and were saved for `pwless token`' : ''}.`;
}
