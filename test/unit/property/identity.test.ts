// Property tests of the --email / --phone checks (src/cli/login/identity.ts): any text gives an identity
// or a UsageError; every E.164 number is accepted (also written with spaces, dots, dashes and
// brackets), and nothing the emulator would accept (src/emulator/users.ts) is refused by the CLI.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sourced } from '../../../src/config/resolve.ts';
import { UsageError } from '../../../src/core/errors.ts';
import { identityFrom } from '../../../src/cli/login/identity.ts';
import { EMAIL_PATTERN, PHONE_PATTERN } from '../../../src/emulator/users.ts';
import { anyText, fragments, NASTY, onlyTyped, RUNS } from './hostile.ts';

const flag = (value: string, origin: string): Sourced<string> => ({ value, source: 'flag', origin });
const text = fc.oneof(anyText, fragments([...NASTY, '+', '+1', '0', '12345', '(', ')', '@', 'a@b', '.co', 'ü', '١٢٣']), fc.emailAddress());
const e164 = fc.stringMatching(/^\+[0-9]{1,15}$/);

describe('identityFrom on hostile input', () => {
  it('returns an identity or throws a UsageError, for any email, phone, or both', () => {
    const maybe = fc.option(text, { nil: undefined });
    fc.assert(
      fc.property(maybe, maybe, (email, phone) =>
        onlyTyped(
          () => identityFrom(email === undefined ? undefined : flag(email, '--email'), phone === undefined ? undefined : flag(phone, '--phone')),
          [UsageError],
        ),
      ),
      { numRuns: RUNS },
    );
  });

  it('accepts every E.164 number, as is', () => {
    fc.assert(
      fc.property(e164, (number) => {
        expect(identityFrom(undefined, flag(number, '--phone'))).toEqual({ channel: 'sms', value: number });
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts an E.164 number written with separators, and sends it without them', () => {
    const separator = fc.constantFrom(' ', '-', '.', '(', ')', '');
    fc.assert(
      fc.property(e164, fc.array(separator, { minLength: 16, maxLength: 16 }), (number, seps) => {
        const written = `+${[...number.slice(1)].map((digit, i) => digit + seps[i]).join('')}`;
        expect(identityFrom(undefined, flag(written, '--phone')).value).toBe(number);
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('sends only numbers the tenant accepts (^\\+[0-9]{1,15}$)', () => {
    fc.assert(
      fc.property(text, (phone) => {
        try {
          expect(identityFrom(undefined, flag(phone, '--phone')).value).toMatch(PHONE_PATTERN);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses no email the emulator accepts, and keeps it as given', () => {
    const emails = fc.oneof(
      fc.emailAddress(),
      text.filter((t) => EMAIL_PATTERN.test(t)),
    );
    fc.assert(
      fc.property(emails, (email) => {
        expect(identityFrom(flag(email, '--email'), undefined)).toEqual({ channel: 'email', value: email });
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses any text without an @ as an email, naming where it came from', () => {
    fc.assert(
      fc.property(
        text.filter((t) => !t.includes('@')),
        (email) => {
          expect(() => identityFrom(flag(email, 'profile dev'), undefined)).toThrow(/^profile dev ".*" is not an email address\.$/s);
          return true;
        },
      ),
      { numRuns: RUNS },
    );
  });
});
