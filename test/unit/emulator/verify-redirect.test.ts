// GET /passwordless/verify_redirect: docs/auth0-behaviour.md B-LINK-*, B-OTP-*; docs/emulator.md.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { atHash } from '../../../src/emulator/tokens.ts';
import { call, ManualClock, NATIVE, otpParams, postForm, postJson, sendCode, start, WEB, WEB_SECRET } from './helpers.ts';
import { CALLBACK, codeParams, expectPage, follow, redirectParams, sendLink, withParam } from './link-helpers.ts';

let emu: RunningEmulator;
const clock = new ManualClock();

beforeAll(async () => {
  emu = await start({ clock });
});
afterAll(() => emu.close());

const NOT_VALID = 'This link is not valid';

describe('a valid link (B-LINK-1, B-LINK-3)', () => {
  it('redirects a code link to redirect_uri with code and state in the query, keeping its own query', async () => {
    const link = await sendLink(emu, 'code@example.com', codeParams({ redirect_uri: `${CALLBACK}?app=1` }));
    const answer = await follow(link);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.location).toMatch(/^http:\/\/127\.0\.0\.1:8484\/callback\?app=1&code=[A-Za-z0-9_-]{43}&state=st-1$/);
    expect(answer.text).toBe('');
  });

  it('puts code and state in the fragment with response_mode=fragment', async () => {
    const answer = await follow(await sendLink(emu, 'fragment@example.com', codeParams({ response_mode: 'fragment' })));
    expect(answer.status).toBe(302);
    expect(new URL(answer.location!).search).toBe('');
    expect(Object.keys(redirectParams(answer.location!, 'fragment'))).toEqual(['code', 'state']);
  });

  it('leaves state out when none was sent', async () => {
    const answer = await follow(await sendLink(emu, 'nostate@example.com', { redirect_uri: CALLBACK, response_type: 'code' }));
    expect(Object.keys(redirectParams(answer.location!, 'query'))).toEqual(['code']);
  });

  it('answers "token id_token" in the fragment with an id_token that has the nonce and at_hash, and no refresh token (B-LINK-5, B-TOKEN-11)', async () => {
    const link = await sendLink(emu, 'implicit@example.com', {
      redirect_uri: CALLBACK,
      response_type: 'token id_token',
      scope: 'openid email offline_access',
      state: 's',
      nonce: 'n-42',
    });
    const answer = await follow(link);
    expect(answer.status).toBe(302);
    expect(new URL(answer.location!).search).toBe('');
    const params = redirectParams(answer.location!, 'fragment');
    expect(Object.keys(params)).toEqual(['access_token', 'id_token', 'scope', 'expires_in', 'token_type', 'state']);
    expect(params).toMatchObject({ scope: 'openid email', expires_in: '86400', token_type: 'Bearer', state: 's' });
    const claims = decodeJwt(params.id_token!);
    expect(claims).toMatchObject({ email: 'implicit@example.com', aud: NATIVE, nonce: 'n-42', at_hash: atHash(params.access_token!) });
    // No audience: the opaque /userinfo token (B-TOKEN-11), which /userinfo takes.
    expect(params.access_token!.split('.')[1]).toBe('');
    const userinfo = await call(emu, '/userinfo', { headers: { authorization: `Bearer ${params.access_token}` } });
    expect(userinfo.body).toMatchObject({ sub: claims.sub, email: 'implicit@example.com' });
  });

  it('accepts "id_token token" too, and gives only an access token for "token"', async () => {
    let answer = await follow(
      await sendLink(emu, 'order@example.com', { redirect_uri: CALLBACK, response_type: 'id_token token', scope: 'openid', nonce: 'n' }),
    );
    expect(Object.keys(redirectParams(answer.location!, 'fragment'))).toEqual(['access_token', 'id_token', 'scope', 'expires_in', 'token_type']);
    answer = await follow(await sendLink(emu, 'token@example.com', { redirect_uri: CALLBACK, response_type: 'token', scope: 'openid' }));
    expect(Object.keys(redirectParams(answer.location!, 'fragment'))).toEqual(['access_token', 'scope', 'expires_in', 'token_type']);
  });

  it('gives only an id_token (with its nonce, no at_hash) for "id_token"', async () => {
    const answer = await follow(await sendLink(emu, 'idonly@example.com', { redirect_uri: CALLBACK, response_type: 'id_token', scope: 'openid', nonce: 'x' }));
    const params = redirectParams(answer.location!, 'fragment');
    expect(Object.keys(params)).toEqual(['id_token', 'scope']);
    const claims = decodeJwt(params.id_token!);
    expect(claims.nonce).toBe('x');
    expect(claims.at_hash).toBeUndefined();
  });

  it('gives no id_token to "token id_token" without the openid scope', async () => {
    const answer = await follow(
      await sendLink(emu, 'noopenid@example.com', { redirect_uri: CALLBACK, response_type: 'token id_token', scope: 'email', nonce: 'n' }),
    );
    expect(Object.keys(redirectParams(answer.location!, 'fragment'))).toEqual(['access_token', 'scope', 'expires_in', 'token_type']);
  });

  it('works for an SMS link, and on localhost with any port', async () => {
    await postJson(emu, '/passwordless/start', {
      client_id: NATIVE,
      connection: 'sms',
      phone_number: '+15550123',
      send: 'link',
      authParams: { redirect_uri: 'http://localhost:9/cb', response_type: 'code' },
    });
    const outbox = await call(emu, '/__emulator/outbox?to=%2B15550123');
    const answer = await follow(outbox.body.messages[0].link);
    expect(answer.location).toMatch(/^http:\/\/localhost:9\/cb\?code=/);
  });

  it('follows a link built by hand for a code sent with send=code (auth0.js builds such links on the login page)', async () => {
    const code = await sendCode(emu, { email: 'byhand@example.com' });
    const link = new URL(`${emu.url}/passwordless/verify_redirect`);
    link.search = new URLSearchParams({
      client_id: NATIVE,
      connection: 'email',
      email: 'ByHand@Example.com',
      verification_code: code,
      redirect_uri: CALLBACK,
      response_type: 'code',
    }).toString();
    expect((await follow(link)).status).toBe(302);
  });
});

describe('a link is its code: used, expired, superseded (B-OTP-1, B-LINK-6)', () => {
  it('works once: the second follow is "already been used", and so is the OTP grant\'s answer', async () => {
    const link = await sendLink(emu, 'once@example.com');
    expect((await follow(link)).status).toBe(302);
    expectPage(await follow(link), 403, 'This link has already been used', /^The code in this link was already used/);
    const otp = await postForm(emu, '/oauth/token', otpParams('once@example.com', link.searchParams.get('verification_code')!));
    expect(otp.body.error_description).toBe('Wrong email or verification code.');
  });

  it('is used up by an exchange of its code at /oauth/token', async () => {
    const link = await sendLink(emu, 'typed@example.com');
    const otp = await postForm(emu, '/oauth/token', otpParams('typed@example.com', link.searchParams.get('verification_code')!));
    expect(otp.status).toBe(200);
    expectPage(await follow(link), 403, 'This link has already been used');
  });

  it('expires with its code (the emulator clock), and says so again on a retry', async () => {
    const link = await sendLink(emu, 'late@example.com');
    clock.advance(300_000);
    expectPage(await follow(link), 403, 'This link has expired', /valid for 300 s after it was sent/);
    expectPage(await follow(link), 403, 'This link has expired');
  });

  it("expires after the connection's otp_ttl_seconds", async () => {
    const connection = emu.tenant.connections.find((c) => c.name === 'email')!;
    connection.otp_ttl_seconds = 30;
    try {
      const link = await sendLink(emu, 'short@example.com');
      clock.advance(29_000);
      const early = await sendLink(emu, 'short2@example.com');
      clock.advance(1_000);
      expectPage(await follow(link), 403, 'This link has expired', /valid for 30 s/);
      expect((await follow(early)).status).toBe(302);
    } finally {
      delete connection.otp_ttl_seconds;
    }
  });

  it('is superseded by a newer link or code to the same identity, and the newest works', async () => {
    const old = await sendLink(emu, 'Super@Example.com');
    const newer = await sendLink(emu, 'super@example.com');
    expectPage(await follow(old), 403, 'A newer link has been sent', /^A newer code or link was sent to Super@Example\.com/);
    await sendCode(emu, { email: 'super@example.com' });
    expectPage(await follow(newer), 403, 'A newer link has been sent');
  });
});

describe('tampered or unknown links: 400 "This link is not valid" (B-LINK-4)', () => {
  it("refuses a wrong verification_code, which counts as one of the code's 3 tries (B-OTP-2)", async () => {
    const link = await sendLink(emu, 'tries@example.com');
    for (const guess of ['000001', '000002']) {
      expectPage(
        await follow(withParam(link, 'verification_code', guess)),
        400,
        NOT_VALID,
        /^Its verification_code is not the code sent to tries@example\.com/,
      );
    }
    expectPage(await follow(withParam(link, 'verification_code', '000003')), 400, NOT_VALID);
    expectPage(await follow(withParam(link, 'verification_code', '000004')), 403, 'Too many attempts');
    expectPage(await follow(link), 403, 'Too many attempts', /^Three wrong codes were tried/);
  });

  it('shares the tries with the OTP grant', async () => {
    const link = await sendLink(emu, 'shared@example.com');
    for (let i = 0; i < 3; i++) await postForm(emu, '/oauth/token', otpParams('shared@example.com', '999999'));
    expectPage(await follow(link), 403, 'Too many attempts');
  });

  it.each([
    ['redirect_uri', 'http://localhost:1/elsewhere'],
    ['state', 'forged'],
    ['scope', 'openid profile email offline_access'],
    ['nonce', 'other'],
    ['audience', 'urn:other'],
    ['response_mode', 'fragment'],
    ['code_challenge', 'B'.repeat(43)],
    ['client_id', 'emulator-spa'],
  ])('refuses a link whose %s was changed, without using it up', async (param, value) => {
    const link = await sendLink(emu, `changed-${param}@example.com`);
    expectPage(
      await follow(withParam(link, param, value)),
      400,
      NOT_VALID,
      `Its ${param} is not the one the link was sent with. Use the link exactly as it was sent.`,
    );
    expect((await follow(link)).status).toBe(302);
  });

  it('refuses a link with a parameter added or removed', async () => {
    const link = await sendLink(emu, 'added@example.com', { redirect_uri: CALLBACK, response_type: 'code', nonce: 'n' });
    expectPage(await follow(withParam(link, 'audience', 'urn:api')), 400, NOT_VALID, /^Its audience is not/);
    expectPage(await follow(withParam(link, 'nonce', null)), 400, NOT_VALID, /^Its nonce is not/);
  });

  it('refuses a link for an identity that was sent no code', async () => {
    const link = await sendLink(emu, 'someone@example.com');
    expectPage(await follow(withParam(link, 'email', 'nobody@example.com')), 400, NOT_VALID, /^No code was sent to nobody@example\.com \(connection email\)/);
  });

  it('refuses a parameter given twice, and invalid percent-encoding', async () => {
    const link = await sendLink(emu, 'twice@example.com');
    expectPage(await follow(`${link.href}&state=again`), 400, NOT_VALID, /^Parameter 'state' is included more than once\./);
    expectPage(await follow(`${link.href}&x=%ZZ`), 400, NOT_VALID, /^Invalid percent-encoding/);
  });
});

describe('the confidential client', () => {
  it('sends a link with its secret and follows it without PKCE (B-APP-3)', async () => {
    const link = await sendLink(
      emu,
      'web@example.com',
      { redirect_uri: CALLBACK, response_type: 'code', scope: 'openid' },
      { client_id: WEB, client_secret: WEB_SECRET },
    );
    expect(link.searchParams.get('code_challenge')).toBeNull();
    expect((await follow(link)).status).toBe(302);
  });
});

describe('robustness and faults', () => {
  it.each([
    '',
    '?',
    '?client_id',
    '?%',
    '?client_id=emulator-native&redirect_uri=javascript:alert(1)',
    '?client_id=emulator-native&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&connection=email&email=x&verification_code=1&response_type=code&code_challenge=%E2%82%AC',
    `?client_id=${'x'.repeat(5000)}`,
    '?client_id=emulator-native&redirect_uri=http%3A%2F%2F%5B%3A%3A1%5D%3A99999%2Fcb',
  ])('answers %s with an HTML 4xx page, never a 500 or a redirect (B-LINK-4, E-ROBUST-1)', async (query) => {
    const answer = await follow(`${emu.url}/passwordless/verify_redirect${query}`);
    expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.location).toBeNull();
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('can be faulted; a faulted request uses nothing up (E-FAULT-3)', async () => {
    const link = await sendLink(emu, 'faulted@example.com');
    await postJson(emu, '/__emulator/faults', { endpoint: '/passwordless/verify_redirect', count: 1, action: 'html' });
    const faulted = await follow(link);
    expect(faulted.status).toBe(502);
    expect((await follow(link)).status).toBe(302);
  });
});
