import { describe, expect, it } from 'vitest';
import { checkForwardedFor } from '../../../src/cli/login/forwarded-for.ts';
import { UsageError } from '../../../src/core/errors.ts';

const flag = (value: string) => ({ value, source: 'flag' as const, origin: '--forwarded-for' });

describe('checkForwardedFor', () => {
  it.each(['203.0.113.7', '127.0.0.1', '2001:db8::7', '::1', '::ffff:192.0.2.1'])('accepts the address %s', (ip) => {
    expect(checkForwardedFor(flag(ip))).toBe(ip);
  });

  it('accepts nothing given', () => {
    expect(checkForwardedFor(undefined)).toBeUndefined();
  });

  it.each(['', '1.2.3.4, 5.6.7.8', '1.2.3.4:443', ' 1.2.3.4', 'example.com', '256.1.1.1', '[::1]', '1.2.3'])(
    'refuses %j, naming the flag and the fix',
    (value) => {
      let error: unknown;
      try {
        checkForwardedFor(flag(value));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect(error).toMatchObject({
        code: 'invalid_forwarded_for',
        message: `--forwarded-for ${JSON.stringify(value)} is not an IP address.`,
        hint: "Give the end user's address, one IPv4 or IPv6 address such as 203.0.113.7 or 2001:db8::7 (not a list, a port or a host name).",
      });
    },
  );

  it('names the profile a bad value came from, and how to drop it', () => {
    expect(() => checkForwardedFor({ value: 'proxy', source: 'profile', origin: 'profile dev' })).toThrow(
      '--forwarded-for "proxy" (from profile dev) is not an IP address.',
    );
    try {
      checkForwardedFor({ value: 'proxy', source: 'profile', origin: 'profile dev' });
    } catch (error) {
      expect((error as UsageError).hint).toContain('pwless profile add dev --force');
    }
  });
});
