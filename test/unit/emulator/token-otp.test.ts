// POST /oauth/token, passwordless OTP grant: docs/auth0-behaviour.md B-TOKEN-*, B-TOKEN-ERR-*, B-OTP-*.
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { basic, call, expectError, ManualClock, NATIVE, otpParams, postForm, postJson, sendCode, start, WEB, WEB_SECRET } from './helpers.ts';

let emu: RunningEmulator;
const clock = new ManualClock();
const WRONG_EMAIL = 'Wrong email or verification code.';
const WRONG_SMS = 'Wrong phone number or verification code.';
const EXHAUSTED = "You've reached the maximum number of attempts. Please try to login again.";
const EXPIRED = 'The verification code has expired. Please try to login again.';

beforeAll(async () => {
  emu = await start({ clock });
});
afterAll(() => emu.close());

const token = (params: Record<string, string>, headers?: Record<string, string>) => postForm(emu, '/oauth/token', params, headers);

describe('success', () => {
  it('exchanges a code (form body) for tokens whose id_token verifies against the JWKS (B-TOKEN-5, B-TOKEN-6)', async () => {
    const code = await sendCode(emu, { email: 'Alice@Example.com' });
    const answer = await token(otpParams('alice@example.com', code, { scope: 'openid profile email' }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('pragma')).toBe('no-cache');
    expect(Object.keys(answer.body)).toEqual(['access_token', 'id_token', 'scope', 'expires_in', 'token_type']);
    expect(answer.body).toMatchObject({ scope: 'openid profile email', expires_in: 86400, token_type: 'Bearer' });

    const jwks = createRemoteJWKSet(new URL(`${emu.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(answer.body.id_token, jwks, {
      issuer: emu.issuer,
      audience: NATIVE,
      currentDate: new Date(clock.now()),
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect(payload).toEqual({
      nickname: 'alice',
      name: 'alice@example.com',
      picture: expect.stringMatching(/^https:\/\/s\.gravatar\.com\/avatar\/[0-9a-f]{32}\?/),
      updated_at: new Date(clock.now()).toISOString(),
      email: 'alice@example.com',
      email_verified: true,
      iss: emu.issuer,
      sub: expect.stringMatching(/^email\|[0-9a-f]{24}$/),
      aud: NATIVE,
      iat: clock.now() / 1000,
      exp: clock.now() / 1000 + 36000,
      azp: NATIVE,
    });
  });

  it('accepts a JSON body and issues an opaque access token for /userinfo without audience (B-TOKEN-1, B-TOKEN-9, B-TOKEN-11)', async () => {
    const code = await sendCode(emu, { email: 'json@example.com' });
    const answer = await postJson(emu, '/oauth/token', otpParams('json@example.com', code, { scope: 'openid' }));
    expect(answer.status).toBe(200);
    const parts = answer.body.access_token.split('.');
    expect(parts).toHaveLength(5);
    expect(parts[1]).toBe('');
    expect(decodeProtectedHeader(answer.body.access_token)).toEqual({ alg: 'dir', enc: 'A256GCM', iss: emu.issuer });
    expect(Buffer.from(parts[2], 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[4], 'base64url')).toHaveLength(16);
    const userinfo = await call(emu, '/userinfo', { headers: { authorization: `Bearer ${answer.body.access_token}` } });
    expect(userinfo.body.sub).toBe(decodeJwt(answer.body.id_token).sub);
  });

  it('puts the audience (and /userinfo with openid) in the access token (B-TOKEN-10)', async () => {
    let code = await sendCode(emu, { email: 'aud@example.com' });
    let answer = await token(otpParams('aud@example.com', code, { scope: 'openid', audience: 'urn:example:api' }));
    expect(decodeJwt(answer.body.access_token).aud).toEqual(['urn:example:api', `${emu.url}/userinfo`]);
    code = await sendCode(emu, { email: 'aud@example.com' });
    answer = await token(otpParams('aud@example.com', code, { scope: 'read:things', audience: 'urn:example:api' }));
    expect(decodeJwt(answer.body.access_token).aud).toBe('urn:example:api');
    expect(answer.body.id_token).toBeUndefined();
  });

  it('gives no id_token and an empty scope when no scope is sent (B-TOKEN-4)', async () => {
    const code = await sendCode(emu, { email: 'noscope@example.com' });
    const answer = await token(otpParams('noscope@example.com', code));
    expect(Object.keys(answer.body)).toEqual(['access_token', 'scope', 'expires_in', 'token_type']);
    expect(answer.body.scope).toBe('');
  });

  it('adds a refresh token with offline_access (B-TOKEN-4, B-TOKEN-8)', async () => {
    const code = await sendCode(emu, { email: 'offline@example.com' });
    const answer = await token(otpParams('offline@example.com', code, { scope: 'openid offline_access' }));
    expect(Object.keys(answer.body)).toEqual(['access_token', 'refresh_token', 'id_token', 'scope', 'expires_in', 'token_type']);
  });

  it('logs in an sms user with phone claims and keeps the same sub across logins (B-TOKEN-6)', async () => {
    const subs: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const code = await sendCode(emu, { phone_number: '+15550111' });
      const answer = await token(otpParams('+15550111', code, { scope: 'openid' }));
      const claims = decodeJwt(answer.body.id_token);
      expect(claims).toMatchObject({ phone_number: '+15550111', phone_verified: true, name: '+15550111', nickname: '+15550111' });
      expect(claims.sub).toMatch(/^sms\|[0-9a-f]{24}$/);
      subs.push(claims.sub);
    }
    expect(subs[0]).toBe(subs[1]);
  });

  it('authenticates a confidential client by client_secret_post and client_secret_basic (B-TOKEN-3)', async () => {
    let code = await sendCode(emu, { email: 'web@example.com' });
    expect((await token({ ...otpParams('web@example.com', code), client_id: WEB, client_secret: WEB_SECRET })).status).toBe(200);
    code = await sendCode(emu, { email: 'web@example.com' });
    const { client_id: _id, ...params } = otpParams('web@example.com', code);
    expect((await token(params, { authorization: basic(WEB, WEB_SECRET) })).status).toBe(200);
  });
});

describe('code checks (B-OTP-1, B-OTP-2, B-OTP-3)', () => {
  it('answers the Wrong … text when no code was sent (B-TOKEN-ERR-1)', async () => {
    expectError(await token(otpParams('never@example.com', '000000')), 403, 'invalid_grant', WRONG_EMAIL);
    expectError(await token(otpParams('+15550999', '000000')), 403, 'invalid_grant', WRONG_SMS);
  });

  it('voids the code after 3 wrong tries, even for the right code, until a new start (B-TOKEN-ERR-3)', async () => {
    const code = await sendCode(emu, { email: 'tries@example.com' });
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) expectError(await token(otpParams('tries@example.com', wrong)), 403, 'invalid_grant', WRONG_EMAIL);
    expectError(await token(otpParams('tries@example.com', code)), 403, 'invalid_grant', EXHAUSTED);
    expectError(await token(otpParams('tries@example.com', wrong)), 403, 'invalid_grant', EXHAUSTED);
    const fresh = await sendCode(emu, { email: 'tries@example.com' });
    expect((await token(otpParams('tries@example.com', fresh))).status).toBe(200);
  });

  it('counts sms tries the same way (B-TOKEN-ERR-2)', async () => {
    const code = await sendCode(emu, { phone_number: '+15550222' });
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) expectError(await token(otpParams('+15550222', wrong)), 403, 'invalid_grant', WRONG_SMS);
    expectError(await token(otpParams('+15550222', code)), 403, 'invalid_grant', EXHAUSTED);
  });

  it('voids a code superseded by a new start', async () => {
    const first = await sendCode(emu, { email: 'super@example.com' });
    let second = await sendCode(emu, { email: 'super@example.com' });
    while (second === first) second = await sendCode(emu, { email: 'super@example.com' });
    expectError(await token(otpParams('super@example.com', first)), 403, 'invalid_grant', WRONG_EMAIL);
    expect((await token(otpParams('super@example.com', second))).status).toBe(200);
  });

  it('voids a used code', async () => {
    const code = await sendCode(emu, { email: 'used@example.com' });
    expect((await token(otpParams('used@example.com', code))).status).toBe(200);
    expectError(await token(otpParams('used@example.com', code)), 403, 'invalid_grant', WRONG_EMAIL);
  });

  it('expires a code after its lifetime (300 s by default) (B-OTP-3, B-TOKEN-ERR-4)', async () => {
    const code = await sendCode(emu, { email: 'late@example.com' });
    clock.advance(300_000);
    expectError(await token(otpParams('late@example.com', code)), 403, 'invalid_grant', EXPIRED);
    expectError(await token(otpParams('late@example.com', code)), 403, 'invalid_grant', EXPIRED);
    const fresh = await sendCode(emu, { email: 'late@example.com' });
    clock.advance(299_999);
    expect((await token(otpParams('late@example.com', fresh))).status).toBe(200);
  });

  it('matches emails case-insensitively (B-START-7)', async () => {
    const code = await sendCode(emu, { email: 'MiXeD@Example.COM' });
    expect((await token(otpParams('mixed@example.com', code))).status).toBe(200);
  });

  it('keeps codes of different identities and connections apart', async () => {
    const a = await sendCode(emu, { email: 'one@example.com' });
    await sendCode(emu, { email: 'two@example.com' });
    expect((await token(otpParams('one@example.com', a))).status).toBe(200);
    const outbox = await call(emu, '/__emulator/outbox?to=two@example.com');
    expect((await token(otpParams('two@example.com', outbox.body.messages[0].code))).status).toBe(200);
  });
});
