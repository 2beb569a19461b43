/**
 * A `start` whose login could not be recorded as pending: the config store cannot be written (a
 * full disk, an unwritable directory, a lock held past the wait). The code or link is already on
 * its way, and sending again would void it (docs/auth0-behaviour.md, B-OTP-1), so the error says
 * that it was sent, and how to finish the login without the record: a code by an ad hoc `pwless
 * verify` that names everything `start` would have recorded; a link cannot be finished by pwless
 * without its record (its state and PKCE verifier were in it), only in a browser.
 */
import type { PendingLogin } from '../../config/pending.ts';
import { DEFAULT_SCOPE } from '../../config/resolve.ts';
import { ConfigError } from '../../core/errors.ts';
import { shellWord } from '../../core/shell-word.ts';

export function notRecorded(error: ConfigError, login: Omit<PendingLogin, 'created_at'>): ConfigError {
  const why = error.message.replace(/\.$/, '');
  if (login.send === 'link') {
    return new ConfigError(`The link was sent to ${login.identity}, but the login could not be recorded for \`pwless verify --link\`: ${why}.`, {
      code: error.code,
      hint: `pwless cannot finish this login without its record; the link still works in a browser. ${error.hint ?? ''}`.trim(),
      cause: error,
    });
  }
  return new ConfigError(`The code was sent to ${login.identity}, but the login could not be recorded for \`pwless verify\`: ${why}.`, {
    code: error.code,
    hint: `Finish it with \`${verifyCommand(login)}\` while the code is valid. ${error.hint ?? ''}`.trim(),
    cause: error,
  });
}

/** The ad hoc `pwless verify` of this login: the target, the identity, and what differs from verify's defaults. */
function verifyCommand(login: Omit<PendingLogin, 'created_at'>): string {
  const words = ['pwless verify'];
  if (login.profile !== undefined) words.push(`--profile ${shellWord(login.profile)}`);
  words.push(`--domain ${shellWord(login.domain)}`, `--client-id ${shellWord(login.client_id)}`);
  words.push(`${login.channel === 'email' ? '--email' : '--phone'} ${shellWord(login.identity)}`);
  if (login.connection !== login.channel) words.push(`--connection ${shellWord(login.connection)}`);
  if (login.scope !== undefined && login.scope !== DEFAULT_SCOPE) words.push(`--scope ${shellWord(login.scope)}`);
  if (login.audience !== undefined) words.push(`--audience ${shellWord(login.audience)}`);
  words.push('--otp <code>');
  return words.join(' ');
}
