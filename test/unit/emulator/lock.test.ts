// What Lock, Auth0's embedded login widget, asks before its first screen (docs/auth0-behaviour.md,
// B-LOCK-1…B-LOCK-4; docs/emulator.md "Lock"): the client configuration script GET
// /client/<client_id>.js, and GET /user/geoloc/country for its phone field.
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import type { Tenant } from '../../../src/emulator/tenant.ts';
import { validateTenant } from '../../../src/emulator/tenant-schema.ts';
import { type Answer, call, expectError, NATIVE, postJson, start } from './helpers.ts';

const PAGE = 'http://127.0.0.1:5173';
const STRANGER = 'https://evil.example';
const SPA = 'emulator-spa';

/** Runs the script as a browser would, with a `window.Auth0` that records what it is given. */
function setClientArguments(script: string): unknown[][] {
  const calls: unknown[][] = [];
  runInNewContext(script, { Auth0: { setClient: (...args: unknown[]) => calls.push(args) } });
  return calls;
}

function expectScript(answer: Answer, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
  expect(answer.headers.get('cache-control')).toBe('no-store');
}

describe("Lock's client configuration script, GET /client/<client_id>.js (B-LOCK-1, B-LOCK-2)", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  it('answers JavaScript that calls Auth0.setClient once with the settings Lock reads (B-LOCK-1, B-LOCK-2)', async () => {
    const answer = await call(emu, `/client/${SPA}.js`);
    expectScript(answer, 200);
    expect(answer.text).toMatch(/^Auth0\.setClient\(\{"id":"emulator-spa",.*\}\);\n$/);
    expect(setClientArguments(answer.text)).toEqual([
      [
        {
          id: SPA,
          tenant: 'pwless-emulator',
          subscription: 'emulator',
          authorize: `${emu.url}/authorize`,
          callback: 'http://127.0.0.1/*',
          hasAllowedOrigins: false,
          strategies: [
            { name: 'email', connections: [{ name: 'email' }] },
            { name: 'sms', connections: [{ name: 'sms' }] },
          ],
        },
      ],
    ]);
  });

  it("ignores Lock's cache buster query, ?t<milliseconds> (B-LOCK-1)", async () => {
    const plain = await call(emu, `/client/${NATIVE}.js`);
    const busted = await call(emu, `/client/${NATIVE}.js?t1796700000000`);
    expectScript(busted, 200);
    expect(busted.text).toBe(plain.text);
    expect(setClientArguments(busted.text)[0]?.[0]).toMatchObject({ id: NATIVE });
  });

  it('is readable by a page of any origin, without credentials; its preflight too (B-LOCK-1)', async () => {
    for (const origin of [PAGE, STRANGER]) {
      const answer = await call(emu, `/client/${SPA}.js?t1`, { headers: { origin } });
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const preflight = await call(emu, `/client/${SPA}.js`, {
      method: 'OPTIONS',
      headers: { origin: STRANGER, 'access-control-request-method': 'GET', 'access-control-request-headers': 'auth0-client' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type, auth0-client, x-request-language, authorization');
    const post = await call(emu, `/client/${SPA}.js`, { method: 'POST' });
    expectError(post, 405, 'method_not_allowed', 'POST is not allowed on /client/{client_id}.js; use GET.');
  });

  it('lists only the connections enabled for the client, grouped by strategy in tenant order (B-LOCK-2)', async () => {
    const tenant: Tenant = defaultTenant();
    tenant.connections = [
      { name: 'sms', strategy: 'sms', enabled_clients: [SPA] },
      { name: 'email', strategy: 'email', enabled_clients: [NATIVE] },
      { name: 'staff-email', strategy: 'email', enabled_clients: [SPA] },
      { name: 'partner-sms', strategy: 'sms', enabled_clients: [SPA, NATIVE] },
    ];
    const spa = tenant.clients.find((client) => client.client_id === SPA)!;
    spa.callbacks = [];
    spa.allowed_origins = ['https://app.example.com'];
    const other = await start({ tenant });
    try {
      const [[settings]] = setClientArguments((await call(other, `/client/${SPA}.js`)).text) as [[Record<string, unknown>]];
      expect(settings).toMatchObject({
        callback: '',
        hasAllowedOrigins: true,
        strategies: [
          { name: 'sms', connections: [{ name: 'sms' }, { name: 'partner-sms' }] },
          { name: 'email', connections: [{ name: 'staff-email' }] },
        ],
      });
    } finally {
      await other.close();
    }
  });

  it('finds a client id with characters a path escapes, and writes it as a JavaScript string (B-LOCK-2)', async () => {
    const tenant: Tenant = defaultTenant();
    const odd = 'app "1" </script>';
    tenant.clients.push({ client_id: odd, name: 'Odd', app_type: 'spa', grant_types: ['implicit'], callbacks: [] });
    const other = await start({ tenant });
    try {
      const answer = await call(other, `/client/${encodeURIComponent(odd)}.js`);
      expectScript(answer, 200);
      expect(setClientArguments(answer.text)).toEqual([[expect.objectContaining({ id: odd, strategies: [] })]]);
    } finally {
      await other.close();
    }
  });
});

describe('faults on the client script (E-FAULT-2)', () => {
  it("a fault armed on /client/{client_id}.js hits every client's script, once per count (E-FAULT-2)", async () => {
    const emu = await start();
    try {
      expect((await postJson(emu, '/__emulator/faults', { endpoint: '/client/{client_id}.js', status: 503, count: 2 })).status).toBe(201);
      expect((await call(emu, `/client/${SPA}.js?t1`)).status).toBe(503);
      expect((await call(emu, `/client/${NATIVE}.js?t2`)).status).toBe(503);
      expectScript(await call(emu, `/client/${SPA}.js?t3`), 200);
    } finally {
      await emu.close();
    }
  });
});

describe('an unknown client id (B-LOCK-3)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  it('answers 404 as JavaScript that calls nothing, naming the client in a comment (B-LOCK-3)', async () => {
    const answer = await call(emu, '/client/nope.js?t1796700000000', { headers: { origin: PAGE } });
    expectScript(answer, 404);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.text).toBe('/* pwless emulator: no client "nope" in the tenant, so no Auth0.setClient (docs/emulator.md "Lock"). */\n');
    expect(setClientArguments(answer.text)).toEqual([]);
  });

  it('keeps a comment closed whatever the id, and names a path that does not decode (B-LOCK-3)', async () => {
    const sneaky = await call(emu, `/client/${encodeURIComponent('x*/Auth0.setClient({id:1});/*')}.js`);
    expectScript(sneaky, 404);
    expect(setClientArguments(sneaky.text)).toEqual([]);
    const undecodable = await call(emu, '/client/%ZZ.js');
    expectScript(undecodable, 404);
    expect(undecodable.text).toBe('/* pwless emulator: no client /client/%ZZ.js in the tenant, so no Auth0.setClient (docs/emulator.md "Lock"). */\n');
  });

  it('leaves other paths under /client/ to the 404 of unknown paths (E-ROUTE-1)', async () => {
    expectError(await call(emu, '/client/a/b.js'), 404, 'not_found', 'GET /client/a/b.js is not an endpoint of the pwless emulator.');
    expectError(await call(emu, '/client/emulator-spa.json'), 404, 'not_found', 'GET /client/emulator-spa.json is not an endpoint of the pwless emulator.');
  });
});

describe('GET /user/geoloc/country (B-LOCK-4)', () => {
  it('answers {"country_code":"US"} by default, with CORS for allowed origins as every API answer (B-LOCK-4, B-CORS-3)', async () => {
    const emu = await start();
    try {
      const answer = await call(emu, '/user/geoloc/country', { headers: { origin: PAGE } });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { country_code: 'US' } });
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
      expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
      const preflight = await call(emu, '/user/geoloc/country', {
        method: 'OPTIONS',
        headers: { origin: PAGE, 'access-control-request-method': 'GET', 'access-control-request-headers': 'auth0-client' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET');
      const stranger = await call(emu, '/user/geoloc/country', { headers: { origin: STRANGER } });
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await emu.close();
    }
  });

  it("answers the tenant file's geoloc.country_code (B-LOCK-4)", async () => {
    const emu = await start({ tenant: { ...defaultTenant(), geoloc: { country_code: 'FR' } } });
    try {
      expect((await call(emu, '/user/geoloc/country')).body).toEqual({ country_code: 'FR' });
      // Not part of Lock's page settings: the client script is unchanged.
      expect(setClientArguments((await call(emu, `/client/${SPA}.js`)).text)[0]?.[0]).not.toHaveProperty('country_code');
    } finally {
      await emu.close();
    }
  });

  it('refuses a geoloc that is not a two-letter upper-case code, naming the path (B-LOCK-4)', () => {
    const tenant = (geoloc: unknown) => ({ ...defaultTenant(), geoloc });
    const message = 'geoloc.country_code: must be a two-letter ISO 3166-1 country code in upper case, e.g. "US" or "FR"';
    expect(() => validateTenant(tenant({ country_code: 'fr' }))).toThrow(message);
    expect(() => validateTenant(tenant({ country_code: 'FRA' }))).toThrow(message);
    expect(() => validateTenant(tenant({}))).toThrow('geoloc.country_code');
    expect(() => validateTenant(tenant({ country_code: 'FR', city: 'Paris' }))).toThrow('geoloc.city: unknown property');
    expect(validateTenant(tenant({ country_code: 'FR' })).geoloc).toEqual({ country_code: 'FR' });
    expect(validateTenant(defaultTenant())).not.toHaveProperty('geoloc');
  });

  it('is not advertised in discovery, nor is the client script (B-LOCK-1, B-LOCK-4)', async () => {
    const emu = await start();
    try {
      const text = (await call(emu, '/.well-known/openid-configuration')).text;
      expect(text).not.toContain('/client/');
      expect(text).not.toContain('geoloc');
    } finally {
      await emu.close();
    }
  });
});
