/** The user to log in: exactly one email or phone, checked before anything is sent (docs/auth0-behaviour.md, B-START-6). */
import type { Sourced } from '../../config/resolve.ts';
import { UsageError } from '../../core/errors.ts';
import type { Channel } from '../../core/passwordless.ts';

export interface Identity {
  channel: Channel;
  value: string;
}

const E164 = /^\+[0-9]{1,15}$/;
// Deliberately loose: the tenant is the judge (bad.email); this catches typos such as a missing @.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function identityFrom(email: Sourced<string> | undefined, phone: Sourced<string> | undefined): Identity {
  if (email !== undefined && phone !== undefined) {
    throw new UsageError(`Give either --email or --phone, not both (${email.origin} and ${phone.origin}).`, { code: 'conflicting_options' });
  }
  if (email !== undefined) {
    if (!EMAIL.test(email.value)) throw new UsageError(`${email.origin} ${JSON.stringify(email.value)} is not an email address.`, { code: 'invalid_email' });
    return { channel: 'email', value: email.value };
  }
  if (phone !== undefined) {
    const number = phone.value.replace(/[\s().-]/g, '');
    if (!E164.test(number)) {
      throw new UsageError(`${phone.origin} ${JSON.stringify(phone.value)} is not an E.164 phone number.`, {
        code: 'invalid_phone',
        hint: 'Write it as + then country code and number, e.g. +14155550123 (the tenant checks ^\\+[0-9]{1,15}$).',
      });
    }
    return { channel: 'sms', value: number };
  }
  throw new UsageError('Say who logs in: --email <address> or --phone <+E.164 number>.', { code: 'missing_identity' });
}
