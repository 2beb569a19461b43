import { describe, expect, it } from 'vitest';
import { collectAuthParam } from '../../../src/cli/login/auth-params.ts';
import { identityFrom } from '../../../src/cli/login/identity.ts';
import { numberFlag, secondsFlag } from '../../../src/cli/number-flag.ts';
import { UsageError } from '../../../src/core/errors.ts';

const flag = (origin: string, value: string) => ({ value, origin, source: 'flag' as const });

describe('identityFrom', () => {
  it('takes an email or an E.164 number, tidying spaces and dashes', () => {
    expect(identityFrom(flag('--email', 'me@example.com'), undefined)).toEqual({ channel: 'email', value: 'me@example.com' });
    expect(identityFrom(undefined, flag('--phone', '+1 (415) 555-0123'))).toEqual({ channel: 'sms', value: '+14155550123' });
  });
  it.each([
    [flag('--email', 'me.example.com'), undefined, '--email "me.example.com" is not an email address.'],
    [undefined, flag('--phone', '4155550123'), '--phone "4155550123" is not an E.164 phone number.'],
    [undefined, flag('--phone', '+1234567890123456'), 'is not an E.164 phone number'],
    [flag('--email', 'a@b.co'), flag('profile dev', '+15550100'), 'Give either --email or --phone, not both (--email and profile dev).'],
    [undefined, undefined, 'Say who logs in: --email <address> or --phone <+E.164 number>.'],
  ])('refuses %j %j', (email, phone, message) => {
    expect(() => identityFrom(email, phone)).toThrow(UsageError);
    expect(() => identityFrom(email, phone)).toThrow(message);
  });
});

describe('--auth-param', () => {
  it('collects repeated key=value pairs; the value may hold "="', () => {
    expect(collectAuthParam('b=x=y', collectAuthParam('prompt=login'))).toEqual({ prompt: 'login', b: 'x=y' });
  });
  it.each(['novalue', '=x', '1a=b', 'a b=c'])('refuses %j', (value) => {
    expect(() => collectAuthParam(value)).toThrow(`--auth-param ${JSON.stringify(value)} is not key=value.`);
  });
});

describe('numeric flags', () => {
  it('reads a number of seconds, or the default', () => {
    expect(secondsFlag(undefined, '--otp-timeout', 60)).toBe(60);
    expect(secondsFlag('0.5', '--otp-timeout', 60)).toBe(0.5);
  });
  it.each(['', 'soon', '0', '-1', '3601'])('refuses %j, saying what is allowed', (value) => {
    expect(() => secondsFlag(value, '--otp-timeout', 60)).toThrow(
      `--otp-timeout ${JSON.stringify(value)} is not valid: give a number of seconds, greater than 0 and at most 3600.`,
    );
  });
  it('keeps whole numbers whole', () => {
    expect(numberFlag('8080', '--listen', { min: 0, max: 65535, integer: true })).toBe(8080);
    expect(() => numberFlag('80.5', '--listen', { min: 0, max: 65535, integer: true })).toThrow(
      '--listen "80.5" is not valid: give a whole number, from 0 to 65535.',
    );
  });
});
