import { describe, expect, it } from 'vitest';
import { isLoopback, tenantBaseUrl } from '../../../src/core/domain.ts';
import { UsageError } from '../../../src/core/errors.ts';

describe('tenantBaseUrl', () => {
  it.each([
    ['tenant.auth0.com', 'https://tenant.auth0.com'],
    ['https://tenant.eu.auth0.com/', 'https://tenant.eu.auth0.com'],
    ['  TENANT.auth0.com  ', 'https://tenant.auth0.com'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://localhost:4010/', 'http://localhost:4010'],
    ['http://[::1]:4010', 'http://[::1]:4010'],
  ])('accepts %s as %s', (input, origin) => {
    expect(tenantBaseUrl(input).origin).toBe(origin);
  });

  it('refuses plain http to a host that is not loopback, naming the flag and the fix', () => {
    const error = catchError(() => tenantBaseUrl('http://tenant.auth0.com'));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.code).toBe('insecure_domain');
    expect(error.message).toBe('--domain http://tenant.auth0.com: plain http is allowed for loopback hosts only.');
    expect(error.hint).toContain('https://tenant.auth0.com');
  });

  it.each([
    ['', 'it is empty'],
    ['https://tenant.auth0.com/authorize', 'it must be the tenant root, without a path, query or fragment'],
    ['ftp://tenant.auth0.com', 'ftp: is not http or https'],
    ['https://user:pw@tenant.auth0.com', 'it must not hold a user name or password'],
    ['https://exa mple.com', 'it is not a host name or URL'],
  ])('refuses %j: %s', (input, why) => {
    const error = catchError(() => tenantBaseUrl(input));
    expect(error.code).toBe('invalid_domain');
    expect(error.message).toBe(`--domain ${JSON.stringify(input)} is not valid: ${why}.`);
  });

  it.each([
    ['127.0.0.1:4010', '127.0.0.1:4010'],
    ['localhost:4010', 'localhost:4010'],
    ['[::1]:4010', '[::1]:4010'],
    ['127.0.0.1', '127.0.0.1'],
  ])('refuses the loopback %j without a scheme, with the http:// URL to write', (input, host) => {
    const error = catchError(() => tenantBaseUrl(input));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.code).toBe('invalid_domain');
    expect(error.message).toBe(`--domain ${JSON.stringify(input)} is not valid: a loopback address needs its scheme.`);
    expect(error.hint).toBe(`Write http://${host} (pwless allows plain http on loopback only), or https://${host} if the server there speaks TLS.`);
  });

  it('names the flag or variable it was given', () => {
    expect(catchError(() => tenantBaseUrl('', 'PWLESS_DOMAIN')).message).toMatch(/^PWLESS_DOMAIN /);
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.3.2.1', true],
    ['[::1]', true],
    ['localhost', true],
    ['app.localhost', true],
    ['10.0.0.1', false],
    ['128.0.0.1', false],
    ['localhost.example.com', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});

function catchError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    return error as UsageError;
  }
  throw new Error('expected an error');
}
