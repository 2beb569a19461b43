// GET /v2/logout (Allowed Logout URLs) and POST /oauth/revoke (RFC 7009), and discovery listing exactly what is served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import { ROUTES } from '../../../src/emulator/routes.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { basic, call, expectError, NATIVE, otpParams, postForm, sendCode, start, WEB, WEB_SECRET } from './helpers.ts';

let emu: RunningEmulator;
let custom: RunningEmulator;

beforeAll(async () => {
  emu = await start();
  const tenant = defaultTenant();
  tenant.clients[0]!.allowed_logout_urls = ['https://app.example.com/bye', 'https://*.example.com/*'];
  custom = await start({ tenant });
});
afterAll(async () => {
  await emu.close();
  await custom.close();
});

const logout = (target: RunningEmulator, query: Record<string, string>) =>
  call(target, `/v2/logout?${new URLSearchParams(query).toString()}`, { redirect: 'manual' });

describe('GET /v2/logout (B-LOGOUT-1…B-LOGOUT-4)', () => {
  it('redirects to a returnTo on the origin of a callback, any loopback port (B-LOGOUT-2)', async () => {
    const answer = await logout(emu, { client_id: NATIVE, returnTo: 'http://127.0.0.1:53123/signed-out?x=1' });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('http://127.0.0.1:53123/signed-out?x=1');
  });

  it("refuses a returnTo that is not an Allowed Logout URL with Auth0's text (B-LOGOUT-3)", async () => {
    const answer = await logout(emu, { client_id: NATIVE, returnTo: 'https://evil.example/' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('location')).toBeNull();
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.text).toContain('<h1>Oops!, something went wrong</h1>');
    expect(answer.text).toContain('The "returnTo" querystring parameter "https://evil.example/" is not defined as a valid URL in "Allowed Logout URLs".');
  });

  it('refuses a returnTo without a client_id: the emulator has no tenant-level list (B-LOGOUT-3)', async () => {
    const answer = await logout(emu, { returnTo: 'http://127.0.0.1:4000/' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('is not defined as a valid URL in "Allowed Logout URLs".');
  });

  it("checks the client's own allowed_logout_urls, ignoring the query of returnTo (B-LOGOUT-2)", async () => {
    const ok = await logout(custom, { client_id: NATIVE, returnTo: 'https://app.example.com/bye?from=app' });
    expect(ok.headers.get('location')).toBe('https://app.example.com/bye?from=app');
    expect((await logout(custom, { client_id: NATIVE, returnTo: 'https://a.example.com/any/path' })).status).toBe(302);
    // Its own list replaces the callbacks' origins.
    expect((await logout(custom, { client_id: NATIVE, returnTo: 'http://127.0.0.1:4000/' })).status).toBe(400);
  });

  it('without returnTo: the first Allowed Logout URL, else a small page (B-LOGOUT-4)', async () => {
    const first = await logout(custom, { client_id: NATIVE });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('https://app.example.com/bye');
    const page = await logout(emu, { client_id: NATIVE });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>You are logged out</h1>');
  });

  it('refuses an unknown client_id with a page (B-LOGOUT-1)', async () => {
    const answer = await logout(emu, { client_id: 'nobody', returnTo: 'http://127.0.0.1/' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('Unknown application');
  });
});

async function refreshToken(email: string, client: Record<string, string> = { client_id: NATIVE }): Promise<string> {
  const code = await sendCode(emu, { email });
  const answer = await postForm(emu, '/oauth/token', { ...otpParams(email, code, { scope: 'openid offline_access' }), ...client });
  expect(answer.status).toBe(200);
  return answer.body.refresh_token as string;
}

const refresh = (token: string, client: Record<string, string> = { client_id: NATIVE }) =>
  postForm(emu, '/oauth/token', { grant_type: 'refresh_token', refresh_token: token, ...client });

describe('POST /oauth/revoke (B-REVOKE-1…B-REVOKE-4)', () => {
  it('revokes the refresh token: 200, empty body; a later refresh fails as unknown (B-REVOKE-1, B-TOKEN-ERR-15)', async () => {
    const token = await refreshToken('revoke@example.com');
    expect((await refresh(token)).status).toBe(200);
    const answer = await postForm(emu, '/oauth/revoke', { client_id: NATIVE, token });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    expectError(await refresh(token), 403, 'invalid_grant', 'Unknown or invalid refresh token.');
  });

  it("answers 200 for an unknown token, and leaves another client's token alone (B-REVOKE-2)", async () => {
    expect((await postForm(emu, '/oauth/revoke', { client_id: NATIVE, token: 'made-up' })).status).toBe(200);
    const token = await refreshToken('theirs@example.com');
    expect((await postForm(emu, '/oauth/revoke', { client_id: WEB, client_secret: WEB_SECRET, token })).status).toBe(200);
    expect((await refresh(token)).status).toBe(200);
  });

  it('authenticates a confidential client: secret in the body or HTTP Basic, else 401 invalid_client (B-REVOKE-3)', async () => {
    const client = { client_id: WEB, client_secret: WEB_SECRET };
    const token = await refreshToken('webrevoke@example.com', client);
    expectError(await postForm(emu, '/oauth/revoke', { client_id: WEB, token }), 401, 'invalid_client', 'Client authentication failed.');
    expectError(
      await postForm(emu, '/oauth/revoke', { client_id: WEB, client_secret: 'wrong', token }),
      401,
      'invalid_client',
      'Client authentication failed.',
    );
    expectError(await postForm(emu, '/oauth/revoke', { client_id: 'nobody', token }), 401, 'invalid_client', 'Client authentication failed.');
    expect((await postForm(emu, '/oauth/revoke', { token }, { authorization: basic(WEB, WEB_SECRET) })).status).toBe(200);
    expect((await refresh(token, client)).status).toBe(403);
  });

  it('refuses a missing token or client_id with 400 invalid_request (B-REVOKE-4)', async () => {
    expectError(await postForm(emu, '/oauth/revoke', { client_id: NATIVE }), 400, 'invalid_request', 'Missing required parameter: token');
    expectError(await postForm(emu, '/oauth/revoke', { token: 'x' }), 400, 'invalid_request', 'Missing required parameter: client_id');
  });

  it('takes part in CORS like /oauth/token (B-CORS-1)', async () => {
    const origin = 'http://127.0.0.1:5173';
    const preflight = await call(emu, '/oauth/revoke', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    const refusedOrigin = await postForm(emu, '/oauth/revoke', { client_id: NATIVE, token: 'x' }, { origin: 'https://evil.example' });
    expect(refusedOrigin.headers.get('access-control-allow-origin')).toBeNull();
    expect(refusedOrigin.status).toBe(401);
  });
});

describe('discovery lists exactly what is served (B-DISC-1)', () => {
  it('every *_endpoint and jwks_uri is a route; revocation and end_session are listed (B-LOGOUT-5)', async () => {
    const doc = (await call(emu, '/.well-known/openid-configuration')).body as Record<string, unknown>;
    expect(doc.revocation_endpoint).toBe(`${emu.url}/oauth/revoke`);
    expect(doc.end_session_endpoint).toBe(`${emu.url}/oidc/logout`);
    const advertised = Object.entries(doc).filter(([name]) => name.endsWith('_endpoint') || name === 'jwks_uri');
    for (const [, url] of advertised) {
      const path = new URL(String(url)).pathname;
      expect(
        ROUTES.some((route) => route.path === path),
        path,
      ).toBe(true);
    }
    expect(advertised.map(([name]) => name).sort()).toEqual([
      'authorization_endpoint',
      'end_session_endpoint',
      'jwks_uri',
      'revocation_endpoint',
      'token_endpoint',
      'userinfo_endpoint',
    ]);
  });
});
