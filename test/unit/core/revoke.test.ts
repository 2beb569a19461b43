/** POST /oauth/revoke (RFC 7009; docs/auth0-behaviour.md B-REVOKE-1…B-REVOKE-4) as pwless sends and reads it (MockAgent, no network). */
import { describe, expect, it } from 'vitest';
import { useMockAgent } from '../helpers/mock-agent.ts';
import { NetworkError, RateLimitedError, TenantRefusedError } from '../../../src/core/errors.ts';
import { processRevokeResponse, revokeRequest } from '../../../src/core/revoke.ts';

const BASE = new URL('https://tenant.example.com');
const http = { timeoutMs: 2000 };
const mock = useMockAgent();

const revoke = () => mock().get(BASE.origin).intercept({ path: '/oauth/revoke', method: 'POST' });

async function failure(status: number, body: Record<string, string> | string, headers: Record<string, string> = {}): Promise<Error> {
  revoke().reply(status, body, { headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers } });
  try {
    processRevokeResponse(await revokeRequest(BASE, { clientId: 'native' }, 'rt-1', http));
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('POST /oauth/revoke', () => {
  it('posts client_id and token form-encoded, the secret only when there is one; 200 with any body is success (B-REVOKE-1)', async () => {
    const forms: Record<string, string>[] = [];
    const types: string[] = [];
    revoke()
      .reply((opts) => {
        forms.push(Object.fromEntries(new URLSearchParams(String(opts.body))));
        types.push(String((opts.headers as Record<string, string>)['content-type']));
        return { statusCode: 200, data: forms.length === 1 ? '' : 'OK' };
      })
      .times(2);
    expect(processRevokeResponse(await revokeRequest(BASE, { clientId: 'native' }, 'rt-1', http))).toBeUndefined();
    expect(processRevokeResponse(await revokeRequest(BASE, { clientId: 'web', clientSecret: 's3cret' }, 'rt-2', http))).toBeUndefined();
    expect(forms).toEqual([
      { client_id: 'native', token: 'rt-1' },
      { client_id: 'web', token: 'rt-2', client_secret: 's3cret' },
    ]);
    expect(types[0]).toContain('application/x-www-form-urlencoded');
  });

  it('makes 401 invalid_client a TenantRefusedError (exit 5) with the secret hint (B-REVOKE-3)', async () => {
    const error = (await failure(401, { error: 'invalid_client', error_description: 'Client authentication failed.' })) as TenantRefusedError;
    expect(error).toBeInstanceOf(TenantRefusedError);
    expect(error).toMatchObject({ code: 'invalid_client', status: 401, message: 'Client authentication failed.' });
    expect(error.hint).toContain('--client-secret-file');
  });

  it('passes 400 invalid_request through verbatim (B-REVOKE-4)', async () => {
    const error = (await failure(400, { error: 'invalid_request', error_description: 'Missing required parameter: token' })) as TenantRefusedError;
    expect(error).toBeInstanceOf(TenantRefusedError);
    expect(error).toMatchObject({ code: 'invalid_request', message: 'Missing required parameter: token' });
  });

  it('a 429 is a RateLimitedError, a 5xx or a non-OAuth body a NetworkError (B-RATE-4)', async () => {
    expect(await failure(429, { error: 'too_many_requests', error_description: 'Too many requests.' }, { 'retry-after': '5' })).toBeInstanceOf(
      RateLimitedError,
    );
    expect(await failure(503, { error: 'temporarily_unavailable', error_description: 'down' })).toBeInstanceOf(NetworkError);
    expect(await failure(400, '<html>proxy</html>')).toMatchObject({ code: 'invalid_response' });
  });

  it('never puts the refresh token or secret in an error message', async () => {
    const error = await failure(401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
    expect(`${error.message} ${(error as TenantRefusedError).hint}`).not.toMatch(/rt-1|s3cret/);
  });
});
