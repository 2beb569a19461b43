/**
 * Where `--otp-from mailosaur:` finds Mailosaur and its key: MAILOSAUR_API_KEY only (never a
 * flag), and PWLESS_MAILOSAUR_URL for another API address. Its own module, free of HTTP, so that
 * the flags' module can check it before a code is sent without loading undici (`--help` stays light).
 */
import { ConfigError, UsageError } from '../core/errors.ts';

export const MAILOSAUR_API = 'https://mailosaur.com/';

export interface MailosaurAccess {
  api: URL;
  key: string;
}

/** The key and API address from the environment, checked before a code is sent. */
export function mailosaurAccess(env: NodeJS.ProcessEnv): MailosaurAccess {
  const key = env.MAILOSAUR_API_KEY?.trim();
  if (!key) {
    throw new ConfigError('--otp-from mailosaur: MAILOSAUR_API_KEY is not set.', {
      code: 'missing_mailosaur_api_key',
      hint: 'Set MAILOSAUR_API_KEY to an API key of the account (Mailosaur dashboard > API); pwless takes it from nowhere else.',
    });
  }
  const given = env.PWLESS_MAILOSAUR_URL;
  if (given === undefined || given === '') return { api: new URL(MAILOSAUR_API), key };
  const api = URL.parse(given);
  const loopback = api !== null && ['127.0.0.1', 'localhost', '[::1]'].includes(api.hostname);
  if (api === null || !(api.protocol === 'https:' || (api.protocol === 'http:' && loopback))) {
    throw new UsageError(`PWLESS_MAILOSAUR_URL ${JSON.stringify(given)} is not an https:// URL (or http:// on loopback).`, {
      code: 'invalid_otp_source',
      hint: 'Unset it to use https://mailosaur.com/: the API key must not travel in clear text.',
    });
  }
  return { api, key };
}
