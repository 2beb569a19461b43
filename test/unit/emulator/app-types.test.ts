// Application-type rules (docs/auth0-behaviour.md, B-APP-*): confidential apps must authenticate, public apps must not
// send a secret, an SPA never gets the OTP grant, connections must be enabled, and "Disable Sign
// Ups" refuses unknown identities.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { basic, call, expectError, NATIVE, OTP_GRANT, otpParams, postForm, postJson, start, WEB, WEB_SECRET } from './helpers.ts';

const SPA = 'emulator-spa';
const GRANT_URI = 'https://auth0.com/docs/clients/client-grant-types';
const PUBLIC_SECRET = 'Public clients (native, spa) must not send a client_secret.';
const SIGNUP_DISABLED = 'Sign ups are disabled for this connection: only existing users can log in.';

let emu: RunningEmulator;
beforeAll(async () => {
  const tenant = defaultTenant();
  tenant.clients.push({ client_id: 'no-otp', name: 'No OTP', app_type: 'native', grant_types: ['refresh_token'], callbacks: [] });
  tenant.connections.push({ name: 'members', strategy: 'email', enabled_clients: [NATIVE, 'no-otp'], disable_signup: true });
  tenant.connections.push({ name: 'web-only', strategy: 'email', enabled_clients: [WEB] });
  tenant.users.push({ email: 'member@example.com', connection: 'members' });
  emu = await start({ tenant });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await call(emu, '/__emulator/reset', { method: 'POST' });
});

const startBody = (extra: Record<string, unknown>) => ({ client_id: NATIVE, connection: 'email', email: 'app@example.com', send: 'code', ...extra });

describe('regular web apps must authenticate (B-APP-3)', () => {
  it('/passwordless/start without the secret: 403 unauthorized_client (B-START-ERR-13)', async () => {
    expectError(await postJson(emu, '/passwordless/start', startBody({ client_id: WEB })), 403, 'unauthorized_client', 'Client authentication is required');
  });

  it('/oauth/token without the secret: 401 access_denied (B-TOKEN-ERR-6)', async () => {
    expectError(await postForm(emu, '/oauth/token', otpParams('app@example.com', '1', { client_id: WEB })), 401, 'access_denied', 'Unauthorized');
  });

  it('with the secret, in the body or as HTTP Basic, they pass', async () => {
    expect((await postJson(emu, '/passwordless/start', startBody({ client_id: WEB, client_secret: WEB_SECRET }))).status).toBe(200);
    const { client_id: _id, ...params } = otpParams('app@example.com', '000000');
    const answer = await postForm(emu, '/oauth/token', params, { authorization: basic(WEB, WEB_SECRET) });
    expectError(answer, 403, 'invalid_grant', 'Wrong email or verification code.');
  });
});

describe('public apps must not send a secret (B-APP-5)', () => {
  it.each([NATIVE, SPA])('%s on /passwordless/start: 401 invalid_client', async (client) => {
    expectError(await postJson(emu, '/passwordless/start', startBody({ client_id: client, client_secret: 'x' })), 401, 'invalid_client', PUBLIC_SECRET);
  });

  it('native on /oauth/token, in the body or as HTTP Basic: 401 invalid_client', async () => {
    expectError(await postForm(emu, '/oauth/token', otpParams('a@b.co', '1', { client_secret: 'x' })), 401, 'invalid_client', PUBLIC_SECRET);
    const { client_id: _id, ...params } = otpParams('a@b.co', '1');
    expectError(await postForm(emu, '/oauth/token', params, { authorization: basic(NATIVE, 'x') }), 401, 'invalid_client', PUBLIC_SECRET);
  });

  it('an empty HTTP Basic secret counts as none', async () => {
    const { client_id: _id, ...params } = otpParams('a@b.co', '1');
    expectError(await postForm(emu, '/oauth/token', params, { authorization: basic(NATIVE, '') }), 403, 'invalid_grant', 'Wrong email or verification code.');
  });
});

describe('the passwordless OTP grant (B-APP-1, B-APP-4, B-TOKEN-ERR-5)', () => {
  const notAllowed = `Grant type '${OTP_GRANT}' not allowed for the client.`;

  it('is refused to an SPA, which may still call /passwordless/start', async () => {
    expect((await postJson(emu, '/passwordless/start', startBody({ client_id: SPA }))).status).toBe(200);
    const answer = await postForm(emu, '/oauth/token', otpParams('app@example.com', '1', { client_id: SPA }));
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 403,
      body: { error: 'unauthorized_client', error_description: notAllowed, error_uri: GRANT_URI },
    });
  });

  it('is refused to an SPA even when the live tenant lists it', async () => {
    const spa = emu.tenant.clients.find((c) => c.client_id === SPA)!;
    spa.grant_types.push(OTP_GRANT);
    try {
      const answer = await postForm(emu, '/oauth/token', otpParams('app@example.com', '1', { client_id: SPA }));
      expect(answer.body).toEqual({ error: 'unauthorized_client', error_description: notAllowed, error_uri: GRANT_URI });
    } finally {
      spa.grant_types.pop();
    }
  });

  it('is refused to a client without it', async () => {
    const answer = await postForm(emu, '/oauth/token', otpParams('app@example.com', '1', { client_id: 'no-otp' }));
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ error: 'unauthorized_client', error_description: notAllowed, error_uri: GRANT_URI });
  });
});

describe('connections', () => {
  it('not enabled for the client: bad.connection "Connection is disabled" (B-START-ERR-5)', async () => {
    expectError(await postJson(emu, '/passwordless/start', startBody({ connection: 'web-only' })), 400, 'bad.connection', 'Connection is disabled');
  });

  it('with disable_signup refuse an unknown identity at /passwordless/start, 403 access_denied (B-START-10)', async () => {
    const answer = await postJson(emu, '/passwordless/start', startBody({ connection: 'members', email: 'stranger@example.com' }));
    expectError(answer, 403, 'access_denied', SIGNUP_DISABLED);
    expect((await call(emu, '/__emulator/outbox?to=stranger@example.com')).body.messages).toEqual([]);
  });

  it('with disable_signup let a user of the tenant file log in (B-START-10, E-TENANT-5)', async () => {
    expect((await postJson(emu, '/passwordless/start', startBody({ connection: 'members', email: 'Member@Example.com' }))).status).toBe(200);
    const code = (await call(emu, '/__emulator/outbox?to=member@example.com')).body.messages[0].code;
    const answer = await postForm(emu, '/oauth/token', otpParams('member@example.com', code, { realm: 'members', scope: 'openid' }));
    expect(answer.status).toBe(200);
  });

  it('turned to disable_signup after a code was sent still refuse the sign-up at /oauth/token (B-TOKEN-7)', async () => {
    const members = emu.tenant.connections.find((c) => c.name === 'members')!;
    members.disable_signup = false;
    await postJson(emu, '/passwordless/start', startBody({ connection: 'members', email: 'late@example.com' }));
    members.disable_signup = true;
    const code = (await call(emu, '/__emulator/outbox?to=late@example.com')).body.messages[0].code;
    expectError(await postForm(emu, '/oauth/token', otpParams('late@example.com', code, { realm: 'members' })), 403, 'access_denied', SIGNUP_DISABLED);
  });
});
