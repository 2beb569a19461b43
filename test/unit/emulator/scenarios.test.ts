// Scenario identities of the default tenant: each always gets one answer, byte for byte the real one (E-SCENARIO-1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { validateTenant } from '../../../src/emulator/tenant-schema.ts';
import { call, expectError, NATIVE, otpParams, postForm, postJson, sendCode, start } from './helpers.ts';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

const startFor = (to: { email: string } | { phone_number: string }) =>
  postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email' in to ? 'email' : 'sms', send: 'code', ...to });

async function exchange(email: string): Promise<Awaited<ReturnType<typeof postForm>>> {
  const code = await sendCode(emu, { email });
  return postForm(emu, '/oauth/token', otpParams(email, code, { scope: 'openid' }));
}

describe('code scenarios at /oauth/token and /co/authenticate (E-SCENARIO-1)', () => {
  it('expired+…: the expired-code refusal, even with the right code (B-TOKEN-ERR-4)', async () => {
    expectError(await exchange('expired+app@example.com'), 403, 'invalid_grant', 'The verification code has expired. Please try to login again.');
  });

  it('exhausted+…: the attempts-exhausted refusal (B-TOKEN-ERR-3)', async () => {
    expectError(await exchange('exhausted+app@example.com'), 403, 'invalid_grant', "You've reached the maximum number of attempts. Please try to login again.");
  });

  it('mfa+…: 403 mfa_required with an mfa_token (B-TOKEN-ERR-10)', async () => {
    const answer = await exchange('mfa+app@example.com');
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      error: 'mfa_required',
      error_description: 'Multifactor authentication required',
      mfa_requirements: { challenge: [{ type: 'otp' }] },
    });
    expect(answer.body.mfa_token).toEqual(expect.any(String));
  });

  it('/co/authenticate gives its own code for the same scenario: 403 access_denied, the expired text (B-CO-4)', async () => {
    const email = 'expired+spa@example.com';
    const code = await sendCode(emu, { email });
    const answer = await postJson(emu, '/co/authenticate', {
      client_id: 'emulator-spa',
      username: email,
      otp: code,
      realm: 'email',
      credential_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: 'access_denied', error_description: 'The verification code has expired. Please try to login again.' });
  });
});

describe('start scenarios at /passwordless/start (E-SCENARIO-1)', () => {
  it("+15005550001: 400 sms_provider_error with Twilio's 21211 text and code, and nothing sent (B-START-ERR-16)", async () => {
    expectError(
      await startFor({ phone_number: '+15005550001' }),
      400,
      'sms_provider_error',
      "The 'To' number +15005550001 is not a valid phone number. (Code: 21211)",
    );
    expect((await call(emu, '/__emulator/outbox?to=%2B15005550001')).body.messages).toEqual([]);
  });

  it('ratelimited+…: 429 too_many_requests with the headers of an empty bucket (B-RATE-4, B-RATE-5, B-RATE-6)', async () => {
    const answer = await startFor({ email: 'ratelimited+app@example.com' });
    expectError(answer, 429, 'too_many_requests', 'Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.');
    expect(answer.headers.get('x-ratelimit-limit')).toBe('50');
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(answer.headers.get('retry-after')).toBe('72');
    expect(Number(answer.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('nosignup+…: the Disable Sign Ups refusal (B-START-10)', async () => {
    expectError(
      await startFor({ email: 'nosignup+app@example.com' }),
      403,
      'access_denied',
      'Sign ups are disabled for this connection: only existing users can log in.',
    );
  });

  it('other identities are untouched (E-SCENARIO-1)', async () => {
    expect((await exchange('plain@example.com')).status).toBe(200);
  });
});

describe('the tenant file field (E-SCENARIO-1)', () => {
  it('accepts the default set and refuses an unknown answer or a provider code on another answer', () => {
    expect(validateTenant(defaultTenant()).scenarios).toHaveLength(6);
    const base = defaultTenant();
    expect(() => validateTenant({ ...base, scenarios: [{ match: 'x', answer: 'explode' }] })).toThrow(/scenarios\[0\]\.answer/);
    expect(() => validateTenant({ ...base, scenarios: [{ match: 'x', answer: 'expired_code', provider_code: 1 }] })).toThrow(
      'is for answer sms_provider_error only',
    );
  });
});
