// POST /co/authenticate (docs/auth0-behaviour.md, B-CO-1…B-CO-4): each documented error with its status
// and text, the code checked as the OTP grant checks it, and the login ticket it gives.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, expectError, ManualClock, OTP_GRANT, postForm, postJson, sendCode, start, otpParams } from './helpers.ts';

const SPA = 'emulator-spa';
const PAGE = 'http://127.0.0.1:5173';

function body(username: string, otp: string, extra: Record<string, unknown> = {}) {
  return { client_id: SPA, username, otp, realm: username.includes('@') ? 'email' : 'sms', credential_type: OTP_GRANT, ...extra };
}

function coAuth(emu: RunningEmulator, value: unknown, headers: Record<string, string> = { origin: PAGE }) {
  return postJson(emu, '/co/authenticate', value, headers);
}

describe('POST /co/authenticate (B-CO-1…B-CO-4)', () => {
  let emu: RunningEmulator;
  const clock = new ManualClock();
  beforeAll(async () => {
    const tenant = defaultTenant();
    tenant.clients.push({ client_id: 'no-co', name: 'No CO', app_type: 'spa', grant_types: ['implicit'], callbacks: ['http://127.0.0.1/*'] });
    tenant.connections[0]!.enabled_clients.push('no-co');
    emu = await start({ tenant, limits: { startPerHour: 1000, tokenPerSecond: 1000, bruteForceThreshold: 5 }, clock });
  });
  afterAll(() => emu.close());
  beforeEach(async () => {
    await call(emu, '/__emulator/reset', { method: 'POST' });
  });

  it('gives {login_ticket, co_verifier, co_id} and the verifier cookie for a right code, for an spa client (B-CO-2)', async () => {
    const code = await sendCode(emu, { email: 'co@example.com' });
    const answer = await coAuth(emu, body('co@example.com', code));
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['co_id', 'co_verifier', 'login_ticket']);
    for (const value of Object.values(answer.body)) expect(value).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(answer.headers.get('set-cookie')).toBe(
      `pwless_co=${answer.body.co_id}.${answer.body.co_verifier}; Path=/authorize; Max-Age=60; HttpOnly; SameSite=Lax`,
    );
    expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it.each([
    ['a missing field', { client_id: SPA, username: 'a@example.com', otp: '1', realm: 'email' }],
    ['an extra field', { ...body('a@example.com', '1'), password: 'x' }],
    ['a field of the wrong type', body('a@example.com', '1', { otp: 123456 })],
    ['an empty field', body('', '1')],
    ['not JSON', 'client_id=emulator-spa'],
  ])('answers 400 invalid_request with Auth0 text for %s (B-CO-3)', async (_name, value) => {
    expectError(
      await coAuth(emu, value),
      400,
      'invalid_request',
      'Invalid request body. All and only of client_id, credential_type, username, otp, realm are required.',
    );
  });

  it('answers 401 unauthorized_client "Cross origin login not allowed." when the client has it off (B-CO-3)', async () => {
    expectError(await coAuth(emu, body('a@example.com', '1', { client_id: 'no-co' })), 401, 'unauthorized_client', 'Cross origin login not allowed.');
    expectError(await coAuth(emu, body('a@example.com', '1', { client_id: 'emulator-native' })), 401, 'unauthorized_client', 'Cross origin login not allowed.');
    expectError(await coAuth(emu, body('a@example.com', '1', { client_id: 'ghost' })), 401, 'unauthorized_client', 'Unknown client.');
  });

  it('answers the bare 403 "Origin … is not allowed." to a page the client does not allow, without CORS headers (B-CO-3)', async () => {
    const answer = await coAuth(emu, body('a@example.com', '1'), { origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.text).toBe('Origin https://evil.example is not allowed.');
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 400 unsupported_credential_type for another credential type (B-CO-3)', async () => {
    const answer = await coAuth(emu, body('a@example.com', '1', { credential_type: 'http://auth0.com/oauth/grant-type/password-realm' }));
    expectError(answer, 400, 'unsupported_credential_type', 'Unknown credential type parameter.');
  });

  it('answers 400 invalid_request "Unknown realm …" for an unknown or disabled connection (B-CO-3)', async () => {
    expectError(await coAuth(emu, body('a@example.com', '1', { realm: 'nope' })), 400, 'invalid_request', 'Unknown realm nope.');
    expectError(await coAuth(emu, body('+15550100', '1', { client_id: 'no-co', realm: 'sms' })), 401, 'unauthorized_client', 'Cross origin login not allowed.');
  });

  it('answers 403 access_denied with the OTP grant texts for a wrong, exhausted or expired code (B-CO-4)', async () => {
    const code = await sendCode(emu, { phone_number: '+15550111' });
    const wrong = code === '000000' ? '111111' : '000000';
    expectError(await coAuth(emu, body('+15550111', wrong)), 403, 'access_denied', 'Wrong phone number or verification code.');
    await coAuth(emu, body('+15550111', wrong));
    await coAuth(emu, body('+15550111', wrong));
    // The three tries are the code's, shared with the OTP grant: the right code is void now.
    expectError(await coAuth(emu, body('+15550111', code)), 403, 'access_denied', "You've reached the maximum number of attempts. Please try to login again.");
    const grant = await postForm(emu, '/oauth/token', otpParams('+15550111', code));
    expectError(grant, 403, 'invalid_grant', "You've reached the maximum number of attempts. Please try to login again.");
    const late = await sendCode(emu, { email: 'late@example.com' });
    clock.advance(301_000);
    expectError(await coAuth(emu, body('late@example.com', late)), 403, 'access_denied', 'The verification code has expired. Please try to login again.');
  });

  it('uses the code up: the OTP grant cannot use it again, and a newer code voids it (B-CO-4)', async () => {
    const code = await sendCode(emu, { email: 'once@example.com' });
    expect((await coAuth(emu, body('once@example.com', code))).status).toBe(200);
    expectError(await postForm(emu, '/oauth/token', otpParams('once@example.com', code)), 403, 'invalid_grant', 'Wrong email or verification code.');
    const first = await sendCode(emu, { email: 'last@example.com' });
    const second = await sendCode(emu, { email: 'last@example.com' });
    if (first !== second) expectError(await coAuth(emu, body('last@example.com', first)), 403, 'access_denied', 'Wrong email or verification code.');
    expect((await coAuth(emu, body('last@example.com', second))).status).toBe(200);
  });

  it('answers 429 too_many_attempts once brute-force protection blocks the identity (B-CO-4)', async () => {
    for (let i = 0; i < 5; i += 1) await coAuth(emu, body('brute@example.com', '999999'));
    const answer = await coAuth(emu, body('brute@example.com', '999999'));
    expect(answer.status).toBe(429);
    expect(answer.body.error).toBe('too_many_attempts');
    expect(answer.headers.get('access-control-allow-origin')).toBe(PAGE);
  });

  it('works without an Origin header (a non-browser caller) (B-CO-2)', async () => {
    const code = await sendCode(emu, { email: 'curl@example.com' });
    expect((await coAuth(emu, body('curl@example.com', code), {})).status).toBe(200);
  });
});
