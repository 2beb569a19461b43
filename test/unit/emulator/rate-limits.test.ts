// Rate limits, auth0-forwarded-for and brute-force protection (docs/auth0-behaviour.md: B-RATE-*, B-FWD-*,
// B-ATTACK-*), on the emulator clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import { perPeriod, RateLimiter } from '../../../src/emulator/rate-limit.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { type Answer, basic, call, expectError, ManualClock, NATIVE, otpParams, postForm, postJson, sendCode, start, WEB, WEB_SECRET } from './helpers.ts';

const TOO_MANY_REQUESTS = 'Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.';
const TOO_MANY_ATTEMPTS =
  "Your account has been blocked after multiple consecutive login attempts. We've sent you a notification via your preferred contact method with instructions on how to unblock it.";
const M2M = 'm2m';

const clock = new ManualClock(Date.UTC(2030, 0, 1));
let emu: RunningEmulator;
beforeAll(async () => {
  const tenant = defaultTenant();
  tenant.clients.push({
    client_id: M2M,
    name: 'M2M',
    app_type: 'non_interactive',
    client_secret: 'm2m-secret',
    grant_types: ['http://auth0.com/oauth/grant-type/passwordless/otp'],
    callbacks: [],
    is_token_endpoint_ip_header_trusted: true,
  });
  tenant.connections[0]!.enabled_clients.push(M2M);
  emu = await start({ clock, tenant });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await call(emu, '/__emulator/reset', { method: 'POST' });
});

/** The emulator clock (the test clock plus what POST /__emulator/clock added), in ms. */
const emuNow = async (): Promise<number> => (await call(emu, '/__emulator/clock')).body.epoch_ms;
const nowSeconds = async () => Math.floor((await emuNow()) / 1000);
const limitHeaders = (answer: Answer) => ({
  limit: answer.headers.get('x-ratelimit-limit'),
  remaining: answer.headers.get('x-ratelimit-remaining'),
  reset: answer.headers.get('x-ratelimit-reset'),
  retryAfter: answer.headers.get('retry-after'),
});
const startEmail = (email: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email', email, send: 'code', ...extra }, headers);
const advance = (seconds: number) => postJson(emu, '/__emulator/clock', { advance_seconds: seconds });

describe('/passwordless/start: 50 burst, 50 per hour per IP (B-RATE-1)', () => {
  it('puts x-ratelimit-* on every answer, success or error (B-RATE-5)', async () => {
    expect(limitHeaders(await startEmail('a@example.com'))).toEqual({
      limit: '50',
      remaining: '49',
      reset: String((await nowSeconds()) + 72),
      retryAfter: null,
    });
    const bad = await postJson(emu, '/passwordless/start', { client_id: NATIVE });
    expectError(bad, 400, 'bad.connection', 'Missing required property: connection');
    expect(limitHeaders(bad)).toMatchObject({ limit: '50', remaining: '48' });
    const unparsable = await postJson(emu, '/passwordless/start', '{');
    expect(unparsable.status).toBe(400);
    expect(limitHeaders(unparsable)).toMatchObject({ remaining: '47' });
    const noSecret = await startEmail('a@example.com', { client_id: WEB });
    expect(noSecret.status).toBe(403);
    expect(limitHeaders(noSecret)).toMatchObject({ remaining: '46' });
  });

  it('refuses the 51st start with 429, then allows one more after the clock moves 72 s (B-RATE-3, B-RATE-4)', async () => {
    for (let i = 0; i < 50; i++) expect((await startEmail(`n${i}@example.com`)).status).toBe(200);
    const refused = await startEmail('n50@example.com');
    expectError(refused, 429, 'too_many_requests', TOO_MANY_REQUESTS);
    expect(limitHeaders(refused)).toEqual({ limit: '50', remaining: '0', reset: String((await nowSeconds()) + 72), retryAfter: '72' });
    expect((await call(emu, '/__emulator/outbox?to=n50@example.com')).body.messages).toEqual([]);

    expect((await advance(71)).status).toBe(200);
    expect((await startEmail('n50@example.com')).status).toBe(429);
    await advance(1);
    const allowed = await startEmail('n50@example.com');
    expect(allowed.status).toBe(200);
    expect(limitHeaders(allowed)).toMatchObject({ remaining: '0', retryAfter: null });
  });
});

describe('/oauth/token: 30 burst, 30 per second per IP (B-RATE-2)', () => {
  it('refuses the 31st request in a second, with retry-after 1, and refills with the clock (B-RATE-6)', async () => {
    for (let i = 0; i < 30; i++) {
      // A different identity each time, so brute-force protection (10 per identity) stays out of it.
      const answer = await postForm(emu, '/oauth/token', otpParams(`t${i}@example.com`, '000000'));
      expect(answer.status).toBe(403);
      expect(answer.headers.get('x-ratelimit-remaining')).toBe(String(29 - i));
    }
    const refused = await postForm(emu, '/oauth/token', otpParams('t30@example.com', '000000'));
    expectError(refused, 429, 'too_many_requests', TOO_MANY_REQUESTS);
    expect(limitHeaders(refused)).toEqual({ limit: '30', remaining: '0', reset: String(Math.ceil(((await emuNow()) + 34) / 1000)), retryAfter: '1' });
    await advance(1);
    const after = await postForm(emu, '/oauth/token', otpParams('t30@example.com', '000000'));
    expect(after.status).toBe(403);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('29');
  });
});

describe('auth0-forwarded-for (B-FWD-1, B-FWD-2, B-FWD-3)', () => {
  /**
   * One request without the header takes a token from 127.0.0.1's bucket; then the request under
   * test carries the header. If the header is honoured, its IP has a full bucket (limit − 1 left);
   * if it is ignored, the request drains 127.0.0.1's bucket further (limit − 2).
   */
  async function honoured(send: (headers: Record<string, string>) => Promise<Answer>, limit: number, ip: string): Promise<boolean> {
    await call(emu, '/__emulator/reset', { method: 'POST' });
    await send({});
    const remaining = (await send({ 'auth0-forwarded-for': ip })).headers.get('x-ratelimit-remaining');
    expect([String(limit - 1), String(limit - 2)]).toContain(remaining);
    return remaining === String(limit - 1);
  }

  const token =
    (params: Record<string, string>, extra: Record<string, string> = {}) =>
    (headers: Record<string, string>) => {
      const { client_id: _id, ...withoutClient } = otpParams('f@example.com', '000000');
      const base = extra.authorization === undefined ? otpParams('f@example.com', '000000') : withoutClient;
      return postForm(emu, '/oauth/token', { ...base, ...params }, { ...extra, ...headers });
    };
  const start = (body: Record<string, unknown>) => (headers: Record<string, string>) => startEmail('f@example.com', body, headers);
  const web = () => emu.tenant.clients.find((c) => c.client_id === WEB)!;

  it.each([
    ['a trusted confidential client with its secret in the body', true, token({ client_id: WEB, client_secret: WEB_SECRET })],
    ['a trusted confidential client with HTTP Basic', true, token({}, { authorization: basic(WEB, WEB_SECRET) })],
    ['a trusted non_interactive client with its secret', true, token({ client_id: M2M, client_secret: 'm2m-secret' })],
    ['a trusted confidential client without its secret', false, token({ client_id: WEB })],
    ['a trusted confidential client with a wrong secret', false, token({ client_id: WEB, client_secret: 'wrong' })],
    ['a public client', false, token({})],
    ['a public client that sends a secret', false, token({ client_secret: 'x' })],
    ['an unknown client', false, token({ client_id: 'nobody', client_secret: 'x' })],
  ])('/oauth/token, %s: honoured %s', async (_what, expected, send) => {
    expect(await honoured(send, 30, '127.0.0.2')).toBe(expected);
  });

  it.each([
    ['a trusted confidential client with its secret', true, start({ client_id: WEB, client_secret: WEB_SECRET })],
    ['a trusted confidential client without its secret', false, start({ client_id: WEB })],
    ['a trusted confidential client with a wrong secret', false, start({ client_id: WEB, client_secret: 'wrong' })],
    ['a public client', false, start({})],
    ['an unparsable body', false, () => postJson(emu, '/passwordless/start', '{', { 'auth0-forwarded-for': '127.0.0.3' })],
  ])('/passwordless/start, %s: honoured %s', async (_what, expected, send) => {
    expect(await honoured(send, 50, '127.0.0.3')).toBe(expected);
  });

  it('is ignored for a confidential client that does not trust the header', async () => {
    web().is_token_endpoint_ip_header_trusted = false;
    try {
      expect(await honoured(token({ client_id: WEB, client_secret: WEB_SECRET }), 30, '127.0.0.4')).toBe(false);
      expect(await honoured(start({ client_id: WEB, client_secret: WEB_SECRET }), 50, '127.0.0.4')).toBe(false);
    } finally {
      web().is_token_endpoint_ip_header_trusted = true;
    }
  });

  it('is ignored for a public client even if the live tenant says it trusts the header', async () => {
    const native = emu.tenant.clients.find((c) => c.client_id === NATIVE)!;
    native.is_token_endpoint_ip_header_trusted = true;
    try {
      expect(await honoured(token({}), 30, '127.0.0.5')).toBe(false);
    } finally {
      delete native.is_token_endpoint_ip_header_trusted;
    }
  });

  it.each(['not-an-ip', '127.0.0.6, 127.0.0.7', ''])('is ignored when it is not one IP address (%j)', async (value) => {
    await call(emu, '/__emulator/reset', { method: 'POST' });
    const send = token({ client_id: WEB, client_secret: WEB_SECRET });
    await send({});
    expect((await send({ 'auth0-forwarded-for': value })).headers.get('x-ratelimit-remaining')).toBe('28');
  });
});

describe('brute-force protection (B-ATTACK-1, B-ATTACK-2)', () => {
  const webToken = (email: string, otp: string, ip?: string) =>
    postForm(emu, '/oauth/token', otpParams(email, otp, { client_id: WEB, client_secret: WEB_SECRET }), ip === undefined ? {} : { 'auth0-forwarded-for': ip });

  it('blocks an identity after 10 failed codes from one IP, even for the right code', async () => {
    const code = await sendCode(emu, { email: 'brute@example.com' });
    const answers: string[] = [];
    for (let i = 0; i < 10; i++) answers.push((await postForm(emu, '/oauth/token', otpParams('brute@example.com', '000000'))).body.error_description);
    expect(answers.slice(0, 3)).toEqual(Array(3).fill('Wrong email or verification code.'));
    expect(answers.slice(3)).toEqual(Array(7).fill("You've reached the maximum number of attempts. Please try to login again."));
    await sendCode(emu, { email: 'brute@example.com' }); // a fresh code does not lift the block
    const fresh = (await call(emu, '/__emulator/outbox?to=brute@example.com')).body.messages[0].code;
    const blocked = await postForm(emu, '/oauth/token', otpParams('brute@example.com', fresh));
    expectError(blocked, 429, 'too_many_attempts', TOO_MANY_ATTEMPTS);
    expect(blocked.headers.get('x-ratelimit-limit')).toBe('30');
    expect(code).not.toBe(undefined);
    // Another identity from the same IP is not blocked.
    expectError(await postForm(emu, '/oauth/token', otpParams('other@example.com', '000000')), 403, 'invalid_grant', 'Wrong email or verification code.');
  });

  it('counts per source IP, the trusted forwarded one included, and ends after 30 days', async () => {
    for (let i = 0; i < 10; i++) await webToken('ip@example.com', '000000', '127.0.0.8');
    expect((await webToken('ip@example.com', '000000', '127.0.0.8')).body.error).toBe('too_many_attempts');
    expect((await webToken('ip@example.com', '000000', '127.0.0.9')).body.error).toBe('invalid_grant');
    expect((await webToken('ip@example.com', '000000')).body.error).toBe('invalid_grant');
    await advance(30 * 24 * 3600);
    expect((await webToken('ip@example.com', '000000', '127.0.0.8')).body.error).toBe('invalid_grant');
  });

  it('forgets the count after a successful login, and is lifted by a reset', async () => {
    for (let i = 0; i < 9; i++) await postForm(emu, '/oauth/token', otpParams('ok@example.com', '000000'));
    const code = await sendCode(emu, { email: 'ok@example.com' });
    expect((await postForm(emu, '/oauth/token', otpParams('ok@example.com', code))).status).toBe(200);
    expect((await postForm(emu, '/oauth/token', otpParams('ok@example.com', '000000'))).body.error).toBe('invalid_grant');
    for (let i = 0; i < 9; i++) await postForm(emu, '/oauth/token', otpParams('ok@example.com', '000000'));
    expect((await postForm(emu, '/oauth/token', otpParams('ok@example.com', '000000'))).body.error).toBe('too_many_attempts');
    await call(emu, '/__emulator/reset', { method: 'POST' });
    expect((await postForm(emu, '/oauth/token', otpParams('ok@example.com', '000000'))).body.error).toBe('invalid_grant');
  });
});

describe('limits: false (--no-limits)', () => {
  it('sends no rate-limit headers, refuses nothing and blocks no one (E-LIMIT-1)', async () => {
    const free = await start({ limits: false });
    try {
      for (let i = 0; i < 60; i++) {
        const answer = await postJson(free, '/passwordless/start', { client_id: NATIVE, connection: 'email', email: 'free@example.com', send: 'code' });
        expect(answer.status).toBe(200);
        expect(answer.headers.get('x-ratelimit-limit')).toBe(null);
      }
      for (let i = 0; i < 40; i++) expect((await postForm(free, '/oauth/token', otpParams('free@example.com', '000000'))).status).toBe(403);
    } finally {
      await free.close();
    }
  });

  it('can be set per endpoint instead (E-LIMIT-1)', async () => {
    const tight = await start({ limits: { startPerHour: 2, tokenPerSecond: 5 } });
    try {
      const send = () => postJson(tight, '/passwordless/start', { client_id: NATIVE, connection: 'email', email: 't@example.com', send: 'code' });
      expect((await send()).headers.get('x-ratelimit-limit')).toBe('2');
      await send();
      expect(limitHeaders(await send())).toMatchObject({ remaining: '0', retryAfter: '1800' });
    } finally {
      await tight.close();
    }
  });
});

describe('RateLimiter', () => {
  it('refills continuously and reports the next token time (B-RATE-3, B-RATE-5)', () => {
    const limiter = new RateLimiter(perPeriod(2, 1000));
    expect(limiter.take('ip', 0)).toEqual({ allowed: true, limit: 2, remaining: 1, resetAt: 1, retryAfter: 0 });
    expect(limiter.take('ip', 0)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take('ip', 100)).toMatchObject({ allowed: false, remaining: 0, retryAfter: 1 });
    expect(limiter.take('ip', 500)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take('other', 500)).toMatchObject({ allowed: true, remaining: 1 });
  });
});
