/** The two tenant endpoints `pwless token` adds: the refresh_token grant and /userinfo (MockAgent, no network). */
import { describe, expect, it } from 'vitest';
import { useMockAgent } from '../helpers/mock-agent.ts';
import { CodeRejectedError, NetworkError, TenantRefusedError } from '../../../src/core/errors.ts';
import { processRefreshResponse, refreshGrantRequest } from '../../../src/core/refresh.ts';
import { compareClaims, processUserinfoResponse, userinfoRequest } from '../../../src/core/userinfo.ts';

const BASE = new URL('https://tenant.example.com');
const http = { timeoutMs: 2000 };
const mock = useMockAgent();

const token = () => mock().get(BASE.origin).intercept({ path: '/oauth/token', method: 'POST' });

async function refused(status: number, body: Record<string, string>) {
  token().reply(status, body);
  try {
    processRefreshResponse(await refreshGrantRequest(BASE, { clientId: 'native' }, 'rt-1', http));
  } catch (error) {
    return error as TenantRefusedError;
  }
  throw new Error('expected an error');
}

describe('POST /oauth/token, grant refresh_token (RFC 6749 §6)', () => {
  it('posts the grant form-encoded, with the secret in the body only when there is one', async () => {
    const forms: Record<string, string>[] = [];
    token()
      .reply((opts) => {
        forms.push(Object.fromEntries(new URLSearchParams(String(opts.body))));
        return { statusCode: 200, data: { access_token: 'at-2', id_token: 'id-2', token_type: 'Bearer', expires_in: 86400, scope: 'openid offline_access' } };
      })
      .times(2);
    const set = processRefreshResponse(await refreshGrantRequest(BASE, { clientId: 'native' }, 'rt-1', http));
    await refreshGrantRequest(BASE, { clientId: 'web', clientSecret: 's3cret' }, 'rt-2', http);
    expect(set).toEqual({
      access_token: 'at-2',
      id_token: 'id-2',
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid offline_access',
      refresh_token: undefined,
    });
    expect(forms).toEqual([
      { grant_type: 'refresh_token', client_id: 'native', refresh_token: 'rt-1' },
      { grant_type: 'refresh_token', client_id: 'web', refresh_token: 'rt-2', client_secret: 's3cret' },
    ]);
  });

  it('makes a rejected refresh token invalid_grant (exit 6), with a hint to log in again with offline_access', async () => {
    const error = await refused(403, { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
    expect(error).toBeInstanceOf(CodeRejectedError);
    expect(error).toMatchObject({ code: 'invalid_grant', status: 403, message: 'Unknown or invalid refresh token.' });
    expect(error.hint).toContain('offline_access');
    expect(error.body.error_description).toBe('Unknown or invalid refresh token.');
  });

  it('names the Refresh Token grant, not the passwordless one, when the grant is not allowed', async () => {
    const error = await refused(403, { error: 'unauthorized_client', error_description: "Grant type 'refresh_token' not allowed for the client." });
    expect(error).toBeInstanceOf(TenantRefusedError);
    expect(error.hint).toBe('Enable the Refresh Token grant: Dashboard > Applications > (your app) > Advanced Settings > Grant Types.');
  });

  it('keeps the shared hint for a wrong secret', async () => {
    const error = await refused(401, { error: 'access_denied', error_description: 'Unauthorized' });
    expect(error).toBeInstanceOf(TenantRefusedError);
    expect(error.hint).toContain('client secret is missing or wrong');
  });

  it('refuses a malformed success body as processTokenResponse does', async () => {
    token().reply(200, { token_type: 'Bearer', expires_in: 1 });
    const res = await refreshGrantRequest(BASE, { clientId: 'native' }, 'rt-1', http);
    expect(() => processRefreshResponse(res)).toThrow(NetworkError);
  });
});

const userinfo = () => mock().get(BASE.origin).intercept({ path: '/userinfo', method: 'GET' });

describe('GET /userinfo', () => {
  it('sends the access token as a Bearer token and returns the claims', async () => {
    let authorization: string | undefined;
    userinfo().reply((opts) => {
      authorization = (opts.headers as Record<string, string>).authorization;
      return { statusCode: 200, data: { sub: 'email|1', email: 'a@b.co' } };
    });
    expect(processUserinfoResponse(await userinfoRequest(BASE, 'at-123', http))).toEqual({ sub: 'email|1', email: 'a@b.co' });
    expect(authorization).toBe('Bearer at-123');
  });

  it('explains a refused token by whether it had expired', async () => {
    const body = { error: 'invalid_token', error_description: 'The access token is not valid here: "exp" claim timestamp check failed.' };
    userinfo()
      .reply(401, body, { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } })
      .times(2);
    const expired = await userinfoRequest(BASE, 'at', http);
    const live = await userinfoRequest(BASE, 'at', http);
    expect(() => processUserinfoResponse(expired, true)).toThrow(
      expect.objectContaining({
        code: 'invalid_token',
        status: 401,
        message: body.error_description,
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        hint: expect.stringContaining('pwless token refresh'),
      }),
    );
    expect(() => processUserinfoResponse(live, false)).toThrow(expect.objectContaining({ hint: expect.stringContaining('openid scope') }));
    expect(() => processUserinfoResponse(live, false)).toThrow(TenantRefusedError);
  });

  it('refuses an answer without a sub', async () => {
    userinfo().reply(200, { email: 'a@b.co' });
    const res = await userinfoRequest(BASE, 'at', http);
    expect(() => processUserinfoResponse(res)).toThrow(NetworkError);
  });
});

describe('compareClaims', () => {
  it('marks each claim same, different or one-sided; ignores claims about the token; sub first', () => {
    const rows = compareClaims(
      { email: 'new@b.co', sub: 'email|1', name: 'A', locale: 'fr' },
      { iss: 'https://t/', aud: 'c', exp: 1, iat: 0, nonce: 'n', sub: 'email|1', email: 'old@b.co', name: 'A', picture: 'https://p' },
    );
    expect(rows).toEqual([
      { claim: 'sub', status: 'same', userinfo: 'email|1', id_token: 'email|1' },
      { claim: 'email', status: 'different', userinfo: 'new@b.co', id_token: 'old@b.co' },
      { claim: 'name', status: 'same', userinfo: 'A', id_token: 'A' },
      { claim: 'locale', status: 'userinfo_only', userinfo: 'fr' },
      { claim: 'picture', status: 'id_token_only', id_token: 'https://p' },
    ]);
  });
});
