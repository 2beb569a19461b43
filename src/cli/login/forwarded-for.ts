/**
 * `--forwarded-for <ip>` (or a profile's forwardedFor): sent as the `auth0-forwarded-for` header,
 * which Auth0 takes as the end user's IP address for attack protection when the application trusts
 * it ("Send the user's IP address from your server": https://auth0.com/docs/get-started/authentication-and-authorization-flow/resource-owner-password-flow/avoid-common-issues-with-resource-owner-password-flow-and-attack-protection).
 * The header holds the user's one address, not a list as X-Forwarded-For does, so anything else is
 * refused before the request: a send voids the previous code and spends the rate limit.
 */
import { isIP } from 'node:net';
import type { Sourced } from '../../config/resolve.ts';
import { UsageError } from '../../core/errors.ts';

/** Throws a UsageError (exit 2) unless the value is one IPv4 or IPv6 address; returns it. */
export function checkForwardedFor(setting: Sourced<string> | undefined): string | undefined {
  if (setting === undefined) return undefined;
  if (isIP(setting.value) !== 0) return setting.value;
  const from = setting.origin === '--forwarded-for' ? '' : ` (from ${setting.origin})`;
  throw new UsageError(`--forwarded-for ${JSON.stringify(setting.value)}${from} is not an IP address.`, {
    code: 'invalid_forwarded_for',
    hint:
      "Give the end user's address, one IPv4 or IPv6 address such as 203.0.113.7 or 2001:db8::7 (not a list, a port or a host name)" +
      (from === '' ? '.' : `, or drop it from the profile: pwless profile add ${setting.origin.replace(/^profile /, '')} --force … without --forwarded-for.`),
  });
}
