// The controllable clock, POST /__emulator/reset and POST /__emulator/keys/rotate.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, expectError, ManualClock, otpParams, postForm, postJson, sendCode, start } from './helpers.ts';

const START = '2031-05-06T07:08:09.000Z';
const clock = new ManualClock(Date.UTC(2030, 0, 1));
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start({ clock, startAt: START });
});
afterAll(() => emu.close());

const advance = (body: unknown) => postJson(emu, '/__emulator/clock', body);

describe('the emulator clock', () => {
  it('starts at --clock and reports itself (E-CLOCK-1)', async () => {
    const now = await call(emu, '/__emulator/clock');
    expect(now.status).toBe(200);
    expect(now.body).toEqual({ now: START, epoch_ms: Date.parse(START), offset_ms: Date.parse(START) - clock.now() });
  });

  it('runs on from there at the speed of the base clock (E-CLOCK-1)', async () => {
    clock.advance(1500);
    expect((await call(emu, '/__emulator/clock')).body.now).toBe('2031-05-06T07:08:10.500Z');
  });

  it('moves forward by advance_seconds, and codes expire on it (E-CLOCK-2, B-TOKEN-ERR-4)', async () => {
    const code = await sendCode(emu, { email: 'clock@example.com' });
    const message = (await call(emu, '/__emulator/outbox?to=clock@example.com')).body.messages[0];
    expect(message.created_at).toBe('2031-05-06T07:08:10.500Z');
    const moved = await advance({ advance_seconds: 300 });
    expect(moved.body.now).toBe('2031-05-06T07:13:10.500Z');
    expectError(
      await postForm(emu, '/oauth/token', otpParams('clock@example.com', code)),
      403,
      'invalid_grant',
      'The verification code has expired. Please try to login again.',
    );
  });

  it('dates tokens: iat and exp follow it (E-CLOCK-2, B-TOKEN-5)', async () => {
    await advance({ advance_seconds: 0.5 });
    const code = await sendCode(emu, { email: 'tokens@example.com' });
    const answer = await postForm(emu, '/oauth/token', otpParams('tokens@example.com', code, { scope: 'openid', audience: 'urn:example:api' }));
    const now = (await call(emu, '/__emulator/clock')).body.epoch_ms / 1000;
    expect(decodeJwt(answer.body.id_token)).toMatchObject({ iat: now, exp: now + 36000 });
    expect(decodeJwt(answer.body.access_token)).toMatchObject({ iat: now, exp: now + 86400 });
  });

  it.each([
    [{ advance_seconds: -1 }, 'advance_seconds: must be a number from 0 to 316224000, not -1.'],
    [{ advance_seconds: '60' }, 'advance_seconds: must be a number from 0 to 316224000, not "60".'],
    [{}, 'advance_seconds or now: one is required.'],
    [{ advance_seconds: 1, now: '2031-01-01T00:00:00Z' }, 'advance_seconds, now: give one of them, not both.'],
    [{ advance_seconds: 1, rewind: true }, 'rewind: unknown property (known: advance_seconds, now).'],
    [{ now: '2031-01-01' }, 'now: must be an ISO-8601 date-time with a time zone, e.g. 2030-01-01T00:00:00Z, not "2031-01-01".'],
  ])('refuses %j with 400 invalid_request (E-CONTROL-1)', async (body, description) => {
    expectError(await advance(body), 400, 'invalid_request', description);
  });

  it('refuses a body that is not JSON (E-CONTROL-1)', async () => {
    expect((await call(emu, '/__emulator/clock', { method: 'POST', body: 'advance=1' })).body.error).toBe('invalid_request');
  });

  it.each(['2030-01-01', 'tomorrow', '2030-01-01T00:00:00', 12])('refuses the start time %j (E-CLOCK-1, E-RUN-2)', async (startAt) => {
    const error = await start({ startAt: startAt as string }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(EmulatorConfigError);
    expect((error as EmulatorConfigError).option).toBe('startAt');
    expect((error as Error).message).toMatch(/^Invalid clock start .*: give an ISO-8601 date-time with a time zone, e\.g\. 2030-01-01T00:00:00Z\.$/);
  });
});

describe('POST /__emulator/reset', () => {
  it('forgets codes, users, messages, refresh tokens and faults, and keeps the clock (E-RESET-1)', async () => {
    const code = await sendCode(emu, { email: 'reset@example.com' });
    const first = await postForm(emu, '/oauth/token', otpParams('reset@example.com', code, { scope: 'openid offline_access' }));
    await sendCode(emu, { email: 'reset@example.com' });
    await postJson(emu, '/__emulator/faults', { endpoint: '/userinfo', status: 503 });
    const before = (await call(emu, '/__emulator/clock')).body.epoch_ms;

    const reset = await call(emu, '/__emulator/reset', { method: 'POST' });
    expect(reset.status).toBe(204);

    expect((await call(emu, '/__emulator/outbox')).body.messages).toEqual([]);
    expect((await call(emu, '/__emulator/faults')).body.faults).toEqual([]);
    expect((await call(emu, '/__emulator/clock')).body.epoch_ms).toBe(before);
    const refresh = await postForm(emu, '/oauth/token', { grant_type: 'refresh_token', client_id: 'emulator-native', refresh_token: first.body.refresh_token });
    expectError(refresh, 403, 'invalid_grant', 'Unknown or invalid refresh token.');
    const again = await postForm(emu, '/oauth/token', otpParams('reset@example.com', code));
    expectError(again, 403, 'invalid_grant', 'Wrong email or verification code.');
    const second = await postForm(
      emu,
      '/oauth/token',
      otpParams('reset@example.com', await sendCode(emu, { email: 'reset@example.com' }), { scope: 'openid' }),
    );
    expect(decodeJwt(second.body.id_token).sub).not.toBe(decodeJwt(first.body.id_token).sub);
  });

  it('accepts an empty JSON object, and refuses other bodies (E-RESET-1, E-CONTROL-1)', async () => {
    expect((await postJson(emu, '/__emulator/reset', {})).status).toBe(204);
    expect((await postJson(emu, '/__emulator/reset', '[')).body.error).toBe('invalid_request');
  });
});

describe('POST /__emulator/keys/rotate', () => {
  it('signs with a new key and keeps the previous one in the JWKS until the next rotation (E-KEY-3)', async () => {
    const login = async () =>
      (await postForm(emu, '/oauth/token', otpParams('keys@example.com', await sendCode(emu, { email: 'keys@example.com' }), { scope: 'openid' }))).body;
    const userinfo = (token: string) => call(emu, '/userinfo', { headers: { authorization: `Bearer ${token}` } });
    const kids = async () => (await call(emu, '/.well-known/jwks.json')).body.keys.map((k: { kid: string }) => k.kid);

    const old = await login();
    const [k1] = await kids();
    const rotated = await call(emu, '/__emulator/keys/rotate', { method: 'POST' });
    expect(rotated.status).toBe(200);
    const k2 = rotated.body.kid;
    expect(rotated.body).toEqual({ kid: k2, previous_kid: k1, keys: [k2, k1] });
    expect(await kids()).toEqual([k2, k1]);

    const fresh = await login();
    expect(decodeProtectedHeader(fresh.id_token).kid).toBe(k2);
    expect(decodeProtectedHeader(old.id_token).kid).toBe(k1);
    expect((await userinfo(old.access_token)).status).toBe(200);

    const third = (await call(emu, '/__emulator/keys/rotate', { method: 'POST' })).body.kid;
    expect(await kids()).toEqual([third, k2]);
    expect((await userinfo(old.access_token)).status).toBe(401);
    expect((await userinfo(fresh.access_token)).status).toBe(200);
  });
});
