/**
 * Turns what users type for --domain into the tenant's base URL. Accepts `tenant.auth0.com`,
 * `https://tenant.auth0.com/` and, for the emulator and other local servers, `http://127.0.0.1:4010`.
 * Plain http is refused for anything but loopback: codes, secrets and tokens travel over it.
 * A loopback host without a scheme (`127.0.0.1:4010`) is refused too: it is almost always the
 * emulator, which speaks plain http, so guessing https would only end in a TLS error.
 */
import { isIP } from 'node:net';
import { UsageError } from './errors.ts';

export function tenantBaseUrl(input: string, flag = '--domain'): URL {
  const trimmed = input.trim();
  if (trimmed === '') throw invalid(flag, input, 'it is empty');
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  const withScheme = hasScheme ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid(flag, input, 'it is not a host name or URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(flag, input, `${url.protocol} is not http or https`);
  if (url.username || url.password) throw invalid(flag, input, 'it must not hold a user name or password');
  if (url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw invalid(flag, input, 'it must be the tenant root, without a path, query or fragment');
  }
  if (!hasScheme && isLoopback(url.hostname)) {
    throw new UsageError(`${flag} ${JSON.stringify(input)} is not valid: a loopback address needs its scheme.`, {
      code: 'invalid_domain',
      hint: `Write http://${url.host} (pwless allows plain http on loopback only), or https://${url.host} if the server there speaks TLS.`,
    });
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new UsageError(`${flag} ${input}: plain http is allowed for loopback hosts only.`, {
      code: 'insecure_domain',
      hint: `Use https://${url.host}, or http://127.0.0.1:<port> for a local emulator.`,
    });
  }
  return new URL(url.origin);
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

function invalid(flag: string, input: string, why: string): UsageError {
  return new UsageError(`${flag} ${JSON.stringify(input)} is not valid: ${why}.`, {
    code: 'invalid_domain',
    hint: 'Give the tenant domain (tenant.auth0.com), its URL (https://tenant.auth0.com/) or a loopback URL (http://127.0.0.1:4010).',
  });
}
