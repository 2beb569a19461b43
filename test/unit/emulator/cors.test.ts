// CORS as an Auth0 tenant does it (docs/auth0-behaviour.md, B-CORS-1…B-CORS-5; docs/emulator.md "CORS"):
// which origins count, preflights, the headers on answers and errors, refusals, the tenant's settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, originAllowedFor } from '../../../src/emulator/cors.ts';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import type { Tenant, TenantClient } from '../../../src/emulator/tenant.ts';
import { validateTenant } from '../../../src/emulator/tenant-schema.ts';
import { call, NATIVE, postForm, postJson, start } from './helpers.ts';

const PAGE = 'http://127.0.0.1:5173';
const STRANGER = 'https://evil.example';

function client(fields: Partial<TenantClient>): TenantClient {
  return { client_id: 'c', name: 'c', app_type: 'spa', grant_types: ['implicit'], callbacks: [], ...fields };
}

function preflight(emu: RunningEmulator, path: string, origin: string, method = 'POST') {
  return call(emu, path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type,auth0-client' },
  });
}

describe('which origins a client allows (B-CORS-1, B-CORS-2)', () => {
  it('counts allowed_origins and web_origins, exactly by scheme, host and port', () => {
    const c = client({ allowed_origins: ['https://app.example.com'], web_origins: ['https://web.example.com:8443'] });
    expect(originAllowedFor(c, 'https://app.example.com')).toBe(true);
    expect(originAllowedFor(c, 'https://web.example.com:8443')).toBe(true);
    expect(originAllowedFor(c, 'http://app.example.com')).toBe(false);
    expect(originAllowedFor(c, 'https://app.example.com:444')).toBe(false);
    expect(originAllowedFor(c, 'https://web.example.com')).toBe(false);
  });

  it('takes the origins of the callbacks by default, any port on a loopback host without one', () => {
    const c = client({ callbacks: ['http://127.0.0.1/*', 'https://app.example.com/callback', 'http://[::1]/cb'] });
    expect(originAllowedFor(c, 'http://127.0.0.1:5173')).toBe(true);
    expect(originAllowedFor(c, 'http://127.0.0.1')).toBe(true);
    expect(originAllowedFor(c, 'http://[::1]:9000')).toBe(true);
    expect(originAllowedFor(c, 'https://app.example.com')).toBe(true);
    expect(originAllowedFor(c, 'https://app.example.com:8443')).toBe(false);
    expect(originAllowedFor(c, 'https://127.0.0.1:5173')).toBe(false);
  });

  it('lets `*.` stand for one sub-domain label', () => {
    const c = client({ allowed_origins: ['https://*.example.com'] });
    expect(originAllowedFor(c, 'https://a.example.com')).toBe(true);
    expect(originAllowedFor(c, 'https://example.com')).toBe(false);
    expect(originAllowedFor(c, 'https://a.b.example.com')).toBe(false);
  });

  it('refuses origins with a path, a query or another scheme in the tenant file, naming the field', () => {
    const tenant = (fields: Record<string, unknown>) => {
      const base = defaultTenant();
      return { ...base, clients: [{ ...base.clients[0], ...fields }, ...base.clients.slice(1)] };
    };
    expect(() => validateTenant(tenant({ allowed_origins: ['https://app.example.com/login'] }))).toThrow(
      'clients[0].allowed_origins[0]: must be an origin only (scheme, host, port), without a path, query or user info',
    );
    expect(() => validateTenant(tenant({ web_origins: ['ftp://x.example'] }))).toThrow('clients[0].web_origins[0]: must be an http or https origin');
    expect(() => validateTenant(tenant({ cross_origin_authentication: 'yes' }))).toThrow('clients[0].cross_origin_authentication');
    expect(() => validateTenant(tenant({ cross_origin_loc: 'nope' }))).toThrow('clients[0].cross_origin_loc: must be the absolute http(s) URL');
    expect(() => validateTenant({ ...defaultTenant(), cors: { any: true } })).toThrow('cors.any: unknown property');
    const ok = validateTenant(tenant({ allowed_origins: ['https://app.example.com'], cross_origin_loc: 'https://app.example.com/co.html' }));
    expect(ok.clients[0]).toMatchObject({ allowed_origins: ['https://app.example.com'], cross_origin_loc: 'https://app.example.com/co.html' });
  });
});

describe('preflights and answers on the browser endpoints (B-CORS-3)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  it.each([
    ['/passwordless/start', 'POST'],
    ['/co/authenticate', 'POST'],
    ['/oauth/token', 'POST'],
    ['/.well-known/jwks.json', 'GET'],
    ['/.well-known/openid-configuration', 'GET'],
    ['/userinfo', 'GET'],
  ])('answers the preflight of %s from an allowed origin with 204 and the methods and headers (B-CORS-3)', async (path, method) => {
    const answer = await preflight(emu, path, PAGE, method);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect(answer.headers.get('access-control-allow-methods')).toBe(method);
    expect(answer.headers.get('access-control-allow-headers')).toBe(CORS_ALLOWED_HEADERS.join(', '));
    expect(CORS_ALLOWED_HEADERS).toEqual(['content-type', 'auth0-client', 'x-request-language', 'authorization']);
    expect(answer.headers.get('vary')).toBe('Origin');
  });

  it('refuses the preflight of a stranger with the bare 403 and no CORS header (B-CORS-3)', async () => {
    const answer = await preflight(emu, '/passwordless/start', STRANGER);
    expect(answer.status).toBe(403);
    expect(answer.text).toBe(`Origin ${STRANGER} is not allowed.`);
    expect([...answer.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('answers an OPTIONS that is no preflight with 204 and allow (B-CORS-3)', async () => {
    const answer = await call(emu, '/oauth/token', { method: 'OPTIONS' });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('allow')).toBe('POST, OPTIONS');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts the headers on a success, echoing the origin, never * (B-CORS-3)', async () => {
    const answer = await postJson(
      emu,
      '/passwordless/start',
      { client_id: NATIVE, connection: 'email', email: 'cors@example.com', send: 'code' },
      { origin: PAGE },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect(answer.headers.get('access-control-expose-headers')).toBe(CORS_EXPOSED_HEADERS.join(', '));
    expect(CORS_EXPOSED_HEADERS).toEqual(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after']);
    expect(answer.headers.get('vary')).toBe('Origin');
  });

  it('puts them on errors too, so the page can read the error (B-CORS-3)', async () => {
    const answer = await postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'nope', email: 'cors@example.com' }, { origin: PAGE });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('bad.connection');
    expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
    const jwks = await call(emu, '/.well-known/jwks.json', { headers: { origin: PAGE } });
    expect(jwks.headers.get('access-control-allow-origin')).toBe(PAGE);
    const userinfo = await call(emu, '/userinfo', { headers: { origin: PAGE } });
    expect(userinfo.status).toBe(401);
    expect(userinfo.headers.get('access-control-allow-origin')).toBe(PAGE);
  });

  it('gives a stranger no CORS header, only vary, on every endpoint (B-CORS-3)', async () => {
    for (const path of ['/.well-known/jwks.json', '/.well-known/openid-configuration']) {
      const answer = await call(emu, path, { headers: { origin: STRANGER } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      expect(answer.headers.get('vary')).toBe('Origin');
    }
    const start = await postJson(
      emu,
      '/passwordless/start',
      { client_id: NATIVE, connection: 'email', email: 'stranger@example.com', send: 'code' },
      { origin: STRANGER },
    );
    expect(start.status).toBe(200); // answered, but the browser blocks the page from reading it (B-CORS-5 off)
    expect(start.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses /oauth/token from an origin the client does not allow with 401 access_denied Unauthorized (B-CORS-3)', async () => {
    const answer = await postForm(emu, '/oauth/token', { grant_type: 'refresh_token', client_id: NATIVE, refresh_token: 'x' }, { origin: STRANGER });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('leaves the control API and the pages a browser navigates to without CORS (B-CORS-3)', async () => {
    const health = await call(emu, '/__emulator/health', { headers: { origin: PAGE } });
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
    expect(health.headers.get('vary')).toBeNull();
    const options = await call(emu, '/__emulator/health', { method: 'OPTIONS', headers: { origin: PAGE, 'access-control-request-method': 'GET' } });
    expect(options.status).toBe(405);
  });
});

describe('the tenant settings for what Auth0 leaves unknown (B-CORS-4, B-CORS-5)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    const tenant: Tenant = { ...defaultTenant(), cors: { any_origin_for_keys: true, refuse_unlisted_origin_at_start: true } };
    emu = await start({ tenant });
  });
  afterAll(() => emu.close());

  it('any_origin_for_keys: discovery and JWKS answer any origin with * and no credentials (B-CORS-4)', async () => {
    for (const path of ['/.well-known/jwks.json', '/.well-known/openid-configuration']) {
      const answer = await call(emu, path, { headers: { origin: STRANGER } });
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    }
    expect((await preflight(emu, '/.well-known/jwks.json', STRANGER, 'GET')).headers.get('access-control-allow-origin')).toBe('*');
    // A listed origin still gets its own echo, with credentials.
    const listed = await call(emu, '/.well-known/jwks.json', { headers: { origin: PAGE } });
    expect(listed.headers.get('access-control-allow-origin')).toBe(PAGE);
    const userinfo = await call(emu, '/userinfo', { headers: { origin: STRANGER } });
    expect(userinfo.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuse_unlisted_origin_at_start: /passwordless/start from a stranger is 403 and sends nothing (B-CORS-5)', async () => {
    const answer = await postJson(
      emu,
      '/passwordless/start',
      { client_id: NATIVE, connection: 'email', email: 'refused@example.com', send: 'code' },
      { origin: STRANGER },
    );
    expect(answer.status).toBe(403);
    expect(answer.text).toBe(`Origin ${STRANGER} is not allowed.`);
    expect((await call(emu, '/__emulator/outbox?to=refused@example.com')).body.messages).toEqual([]);
  });
});
