/**
 * `--email-template 'ci+{n}@example.com'` / `--phone-template '+1555000{n:4}'`: one identity per
 * run of a --repeat, so that parallel logins never void each other's codes (a tenant keeps only
 * the latest code of a user: docs/auth0-behaviour.md, B-OTP-1). `{n}` is the run number, `{n:4}`
 * the run number zero-padded to 4 digits.
 */
import { UsageError } from '../../core/errors.ts';

const PLACEHOLDER = /\{n(?::(\d{1,2}))?\}/g;

export function identityTemplate(template: string, flag: string): (n: number) => string {
  if (!/\{n(?::\d{1,2})?\}/.test(template)) {
    throw new UsageError(`${flag} ${JSON.stringify(template)} has no {n}: every run would log in the same user.`, {
      code: 'invalid_identity_template',
      hint: `Put {n} (the run number) or {n:4} (zero-padded to 4 digits) in it, e.g. ${flag === '--email-template' ? "'ci+{n}@example.com'" : "'+1555000{n:4}'"}.`,
    });
  }
  return (n) => template.replace(PLACEHOLDER, (_all, width: string | undefined) => String(n).padStart(width === undefined ? 0 : Number(width), '0'));
}
