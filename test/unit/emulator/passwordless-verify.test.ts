// POST /passwordless/verify then GET /passwordless/verify_redirect: auth0.js passwordlessLogin on the
// tenant's own domain (docs/auth0-behaviour.md, B-VERIFY-1, B-VERIFY-2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, expectError, NATIVE, postJson, sendCode, start } from './helpers.ts';

const CALLBACK = 'http://127.0.0.1:5173/callback';

describe('POST /passwordless/verify (B-VERIFY-1, B-VERIFY-2)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  const verify = (body: Record<string, unknown>) => postJson(emu, '/passwordless/verify', body);

  it('answers 200 {} for the right code and leaves it for the verify_redirect that follows (B-VERIFY-1)', async () => {
    const code = await sendCode(emu, { email: 'hosted@example.com' });
    const answer = await verify({ connection: 'email', verification_code: code, email: 'hosted@example.com', client_id: NATIVE, auth0Client: 'eyJ9' });
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: {} });
    const query = new URLSearchParams({
      client_id: NATIVE,
      connection: 'email',
      email: 'hosted@example.com',
      verification_code: code,
      response_type: 'token',
      redirect_uri: CALLBACK,
      state: 's',
    });
    const followed = await call(emu, `/passwordless/verify_redirect?${query}`, { redirect: 'manual' });
    expect(followed.status).toBe(302);
    expect(new URL(followed.headers.get('location')!).hash).toMatch(/^#access_token=/);
    const again = await verify({ connection: 'email', verification_code: code, email: 'hosted@example.com', client_id: NATIVE });
    expectError(again, 401, 'invalid_user_password', 'Wrong email or verification code.');
  });

  it('counts a wrong code as one of the 3 tries shared with the other endpoints (B-VERIFY-2)', async () => {
    const code = await sendCode(emu, { phone_number: '+15550122' });
    const wrong = code === '000000' ? '111111' : '000000';
    const body = { connection: 'sms', verification_code: wrong, phone_number: '+15550122', client_id: NATIVE };
    for (let i = 0; i < 3; i += 1) expectError(await verify(body), 401, 'invalid_user_password', 'Wrong phone number or verification code.');
    expectError(
      await verify({ ...body, verification_code: code }),
      401,
      'invalid_user_password',
      "You've reached the maximum number of attempts. Please try to login again.",
    );
  });

  it('words a missing field, an unknown client or connection as the older Auth0 docs do (B-VERIFY-2)', async () => {
    expectError(await verify({ connection: 'email', verification_code: '1', email: 'a@example.com' }), 400, 'invalid_request', 'missing client_id parameter');
    expectError(
      await verify({ connection: 'email', email: 'a@example.com', client_id: NATIVE }),
      400,
      'invalid_request',
      'missing verification_code parameter',
    );
    expectError(
      await verify({ connection: 'sms', verification_code: '1', email: 'a@example.com', client_id: NATIVE }),
      400,
      'invalid_request',
      'missing phone_number parameter',
    );
    expectError(await verify({ verification_code: '1', email: 'a@example.com', client_id: NATIVE }), 400, 'invalid_request', 'missing connection parameter');
    expectError(
      await verify({ connection: 'nope', verification_code: '1', email: 'a@example.com', client_id: NATIVE }),
      400,
      'invalid_request',
      'the connection was not found',
    );
    expectError(
      await verify({ connection: 'email', verification_code: '1', email: 'a@example.com', client_id: NATIVE, x: 1 }),
      400,
      'invalid_request',
      'the following properties are not allowed: x',
    );
    expectError(
      await verify({ connection: 'email', verification_code: '1', email: 'a@example.com', client_id: 'ghost' }),
      403,
      'unauthorized_client',
      'invalid client',
    );
  });
});
