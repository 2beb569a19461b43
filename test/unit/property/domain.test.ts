// Property tests of --domain normalisation (src/core/domain.ts): any text gives a URL or a
// UsageError, an accepted URL is a tenant root that normalises to itself, and plain http is only
// ever accepted for loopback.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLoopback, tenantBaseUrl } from '../../../src/core/domain.ts';
import { UsageError } from '../../../src/core/errors.ts';
import { anyText, fragments, NASTY, onlyTyped, RUNS } from './hostile.ts';

const urlish = fragments([
  ...NASTY,
  'http://',
  'https://',
  'HTTPS://',
  'ftp://',
  'javascript:',
  '//',
  '127.0.0.1',
  '127.1',
  '0x7f.1',
  'localhost',
  '[::1]',
  '[::ffff:127.0.0.1]',
  '::1',
  ':4010',
  ':99999',
  ':0',
  'tenant',
  '.auth0.com',
  'xn--',
  'xn--zz',
  '..',
  '\u3002',
  'user:pw@',
  '/authorize',
  '?x=1',
  '#frag',
]);
const domainInput = fc.oneof(anyText, urlish, fc.webUrl(), fc.domain());

describe('tenantBaseUrl on hostile input', () => {
  it('returns a URL or throws a UsageError, nothing else', () => {
    fc.assert(
      fc.property(domainInput, (input) => onlyTyped(() => tenantBaseUrl(input), [UsageError])),
      { numRuns: RUNS * 2 },
    );
  });

  it('accepts only tenant roots, and only loopback over plain http', () => {
    fc.assert(
      fc.property(domainInput, (input) => {
        let url: URL;
        try {
          url = tenantBaseUrl(input);
        } catch {
          return true;
        }
        expect(['https:', 'http:']).toContain(url.protocol);
        expect(url.href).toBe(`${url.origin}/`);
        if (url.protocol === 'http:') expect(isLoopback(url.hostname)).toBe(true);
        return true;
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('is idempotent: an accepted value normalises to an origin that normalises to itself', () => {
    fc.assert(
      fc.property(domainInput, (input) => {
        let origin: string;
        try {
          origin = tenantBaseUrl(input).origin;
        } catch {
          return true;
        }
        expect(tenantBaseUrl(origin).origin).toBe(origin);
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts any host name, bare or as an https URL, as the same https origin', () => {
    fc.assert(
      fc.property(fc.domain(), fc.constantFrom('', 'https://', 'HTTPS://'), fc.constantFrom('', '/'), (host, scheme, slash) => {
        const expected = new URL(`https://${host}`).origin;
        expect(tenantBaseUrl(`  ${scheme}${host}${slash} `).origin).toBe(expected);
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a loopback host without a scheme, saying to write http://', () => {
    const loopback = fc.constantFrom('127.0.0.1', '127.5.6.7', 'localhost', 'app.localhost', '[::1]', 'LOCALHOST');
    fc.assert(
      fc.property(loopback, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), (host, port) => {
        const input = port === undefined ? host : `${host}:${port}`;
        const error = catchError(() => tenantBaseUrl(input));
        expect(error).toBeInstanceOf(UsageError);
        expect(error.hint).toContain(`http://${new URL(`http://${input}`).host}`);
        return true;
      }),
      { numRuns: 100 },
    );
  });
});

function catchError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    return error as UsageError;
  }
  throw new Error('did not throw');
}
