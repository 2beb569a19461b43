// Property tests of reading a tenant's answer (src/core/response.ts): for any HTTP response
// {status, headers, text}, parseJsonObject returns an object or throws a NetworkError, and
// checkTenantError returns for a 2xx or throws a typed error carrying the status: a NetworkError
// (exit 4) for any 5xx and any answer that is not an OAuth error, one of the three tenant
// families with a non-empty string `error` otherwise, and always a rate limit for a 429.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeRejectedError, NetworkError, RateLimitedError, TenantRefusedError, type TenantResponseError } from '../../../src/core/errors.ts';
import type { HttpResponse } from '../../../src/core/http.ts';
import { checkTenantError, parseJsonObject } from '../../../src/core/response.ts';
import { anyText, onlyTyped, RUNS } from './hostile.ts';

const errorish = fc.record(
  {
    error: fc.oneof(
      fc.constantFrom(
        'invalid_grant',
        'too_many_requests',
        'too_many_attempts',
        'unauthorized_client',
        'access_denied',
        'bad.connection',
        'mfa_required',
        '__proto__',
        'toString',
      ),
      fc.jsonValue(),
    ),
    error_description: fc.oneof(anyText, fc.jsonValue()),
    code: fc.jsonValue(),
    description: fc.jsonValue(),
    message: fc.jsonValue(),
    error_uri: fc.jsonValue(),
    mfa_token: fc.string(),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  anyText,
  fc.json(),
  errorish.map((o) => JSON.stringify(o)),
  fc.constantFrom('', 'null', '[]', '"x"', '{"__proto__":{"error":"x"}}', '<html>502</html>'),
);
const headerName = fc.constantFrom(
  'content-type',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'www-authenticate',
  'x-other',
  '__proto__',
);
const response: fc.Arbitrary<HttpResponse> = fc.record({
  status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.constantFrom(200, 204, 400, 401, 403, 404, 429, 500, 503)),
  headers: fc.dictionary(headerName, anyText, { maxKeys: 4 }),
  text: body,
});

describe('checkTenantError and parseJsonObject on any response', () => {
  it('parseJsonObject returns a plain object or throws a NetworkError', () => {
    fc.assert(
      fc.property(response, (res) => {
        try {
          const value = parseJsonObject(res, 'The tenant');
          expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(NetworkError);
          expect((error as NetworkError).status).toBe(res.status);
        }
        return onlyTyped(() => parseJsonObject(res, 'The tenant'), [NetworkError]);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('checkTenantError returns for 2xx, else throws the family the status and body call for', () => {
    fc.assert(
      fc.property(response, (res) => {
        let thrown: unknown;
        try {
          checkTenantError(res, 'The tenant');
        } catch (error) {
          thrown = error;
        }
        if (res.status >= 200 && res.status < 300) {
          expect(thrown).toBeUndefined();
          return true;
        }
        expect((thrown as NetworkError | TenantResponseError).status).toBe(res.status);
        expect(typeof (thrown as Error).message).toBe('string');
        if (res.status >= 500) {
          expect(thrown).toBeInstanceOf(NetworkError);
          expect((thrown as NetworkError).code).toBe('server_error');
          return true;
        }
        if (res.status === 429) {
          expect(thrown).toBeInstanceOf(RateLimitedError);
          return true;
        }
        if (res.status >= 300 && res.status < 400) {
          expect(thrown).toMatchObject({ family: 'network', code: 'redirected' });
          return true;
        }
        if (thrown instanceof NetworkError) {
          // Only an answer that is no OAuth error: no JSON object with a non-empty string error/code, no Bearer error.
          expect(thrown.code).toBe('invalid_response');
          return true;
        }
        expect([TenantRefusedError, CodeRejectedError, RateLimitedError].some((kind) => thrown instanceof kind)).toBe(true);
        const error = thrown as TenantResponseError;
        expect(typeof error.body.error).toBe('string');
        expect(error.code).not.toBe('');
        return true;
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
