// POST /oauth/token checks before the code: client authentication (RFC 6749 §2.3, B-TOKEN-3),
// grant type supported and allowed, parameters (docs/auth0-behaviour.md B-TOKEN-ERR-*; docs/emulator.md order).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { basic, expectError, NATIVE, OTP_GRANT, otpParams, postForm, postJson, start, WEB, WEB_SECRET } from './helpers.ts';

let emu: RunningEmulator;
const WRONG_EMAIL = 'Wrong email or verification code.';

beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

const token = (params: Record<string, string>, headers?: Record<string, string>) => postForm(emu, '/oauth/token', params, headers);

describe('client authentication and grant checks', () => {
  it('answers 401 access_denied for an unknown client, or a missing or wrong secret (B-TOKEN-ERR-6, B-TOKEN-ERR-7)', async () => {
    expectError(await token({ ...otpParams('a@b.co', '1'), client_id: 'nobody' }), 401, 'access_denied', 'Unauthorized');
    expectError(await token({ ...otpParams('a@b.co', '1'), client_id: WEB }), 401, 'access_denied', 'Unauthorized');
    expectError(await token({ ...otpParams('a@b.co', '1'), client_id: WEB, client_secret: 'x' }), 401, 'access_denied', 'Unauthorized');
    const { client_id: _id, ...params } = otpParams('a@b.co', '1');
    expectError(await token(params, { authorization: basic(WEB, 'wrong') }), 401, 'access_denied', 'Unauthorized');
  });

  it('answers 400 for a missing client_id, mixed methods and a mismatched id (B-TOKEN-3, B-TOKEN-ERR-8)', async () => {
    const { client_id: _id, ...params } = otpParams('a@b.co', '1');
    expectError(await token(params), 400, 'invalid_request', 'Missing required parameter: client_id');
    expectError(
      await token({ ...params, client_secret: WEB_SECRET }, { authorization: basic(WEB, WEB_SECRET) }),
      400,
      'invalid_request',
      'Use one client authentication method: HTTP Basic or client_secret in the body, not both.',
    );
    expectError(
      await token({ ...params, client_id: NATIVE }, { authorization: basic(WEB, WEB_SECRET) }),
      400,
      'invalid_request',
      'The client_id in the body does not match the HTTP Basic credentials.',
    );
  });

  it('refuses a grant the client does not have, with error_uri (B-TOKEN-ERR-5)', async () => {
    const client = emu.tenant.clients.find((c) => c.client_id === NATIVE)!;
    const saved = client.grant_types;
    client.grant_types = ['authorization_code'];
    try {
      const answer = await token(otpParams('a@b.co', '1'));
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        error: 'unauthorized_client',
        error_description: `Grant type '${OTP_GRANT}' not allowed for the client.`,
        error_uri: 'https://auth0.com/docs/clients/client-grant-types',
      });
    } finally {
      client.grant_types = saved;
    }
  });

  it('answers unsupported_grant_type and missing parameters in order (B-TOKEN-ERR-8, B-TOKEN-ERR-9)', async () => {
    expectError(await token({ client_id: NATIVE, grant_type: 'password' }), 400, 'unsupported_grant_type', 'Grant type not supported');
    expectError(await token({ client_id: NATIVE }), 400, 'invalid_request', 'Missing required parameter: grant_type');
    const base = { client_id: NATIVE, grant_type: OTP_GRANT };
    expectError(await token(base), 400, 'invalid_request', 'Missing required parameter: username');
    expectError(await token({ ...base, username: 'a@b.co' }), 400, 'invalid_request', 'Missing required parameter: realm');
    expectError(await token({ ...base, username: 'a@b.co', realm: 'email' }), 400, 'invalid_request', 'Missing required parameter: otp');
    expectError(await token({ ...base, username: 'a@b.co', realm: 'email', otp: '' }), 400, 'invalid_request', 'Missing required parameter: otp');
    expectError(await token(otpParams('a@b.co', '1', { realm: 'ldap' })), 400, 'invalid_request', 'Connection does not exist');
  });

  it('refuses a realm that is not enabled for the client (B-TOKEN-ERR-11)', async () => {
    const connection = emu.tenant.connections.find((c) => c.name === 'email')!;
    const saved = connection.enabled_clients;
    connection.enabled_clients = [WEB];
    try {
      expectError(await token(otpParams('a@b.co', '1')), 400, 'invalid_request', 'Connection is disabled');
    } finally {
      connection.enabled_clients = saved;
    }
  });

  it('refuses known parameters of a wrong JSON type and ignores unknown ones (B-TOKEN-ERR-12)', async () => {
    const answer = await postJson(emu, '/oauth/token', { ...otpParams('a@b.co', 'x'), otp: 123456 });
    expectError(answer, 400, 'invalid_request', "Parameter 'otp' must be a string.");
    const ignored = await postJson(emu, '/oauth/token', { ...otpParams('a@b.co', 'x'), extra: [1], audience: null });
    expectError(ignored, 403, 'invalid_grant', WRONG_EMAIL);
  });

  it('asks the authorization_code grant for code, then redirect_uri, and refuses an unknown code (B-TOKEN-ERR-13)', async () => {
    expectError(await token({ client_id: NATIVE, grant_type: 'authorization_code' }), 400, 'invalid_request', 'Missing required parameter: code');
    expectError(
      await token({ client_id: NATIVE, grant_type: 'authorization_code', code: 'x' }),
      400,
      'invalid_request',
      'Missing required parameter: redirect_uri',
    );
    const unknown = { client_id: NATIVE, grant_type: 'authorization_code', code: 'x', redirect_uri: 'http://127.0.0.1/cb' };
    expectError(await token(unknown), 403, 'invalid_grant', 'Invalid authorization code');
  });
});
