// Grant refresh_token (RFC 6749 §6) and GET /userinfo (OIDC Core §5.3, RFC 6750 §3.1).
import { decodeJwt, SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { basic, call, expectError, ManualClock, NATIVE, otpParams, postForm, sendCode, start, WEB, WEB_SECRET } from './helpers.ts';

let emu: RunningEmulator;
const clock = new ManualClock();

beforeAll(async () => {
  emu = await start({ clock });
});
afterAll(() => emu.close());

async function login(email: string, scope: string, client: Record<string, string> = { client_id: NATIVE }): Promise<any> {
  const code = await sendCode(emu, { email });
  const answer = await postForm(emu, '/oauth/token', { ...otpParams(email, code, { scope }), ...client });
  expect(answer.status).toBe(200);
  return answer.body;
}

const refresh = (params: Record<string, string>, headers?: Record<string, string>) =>
  postForm(emu, '/oauth/token', { grant_type: 'refresh_token', ...params }, headers);

describe('refresh_token grant (B-TOKEN-8)', () => {
  it('issues a new access token and id_token for the same scope, without rotating', async () => {
    const first = await login('refresh@example.com', 'openid email offline_access');
    clock.advance(60_000);
    const answer = await refresh({ client_id: NATIVE, refresh_token: first.refresh_token, scope: 'openid' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(answer.body)).toEqual(['access_token', 'id_token', 'scope', 'expires_in', 'token_type']);
    expect(answer.body.scope).toBe('openid email offline_access');
    expect(decodeJwt(answer.body.id_token).sub).toBe(decodeJwt(first.id_token).sub);
    expect(decodeJwt(answer.body.id_token).iat).toBe(clock.now() / 1000);
    expect(answer.body.access_token).not.toBe(first.access_token);
    const userinfo = await call(emu, '/userinfo', { headers: { authorization: `Bearer ${answer.body.access_token}` } });
    expect(userinfo.body.sub).toBe(decodeJwt(first.id_token).sub);
    const again = await refresh({ client_id: NATIVE, refresh_token: first.refresh_token });
    expect(again.status).toBe(200);
  });

  it('gives no id_token when the original scope had no openid', async () => {
    const first = await login('noid@example.com', 'offline_access');
    const answer = await refresh({ client_id: NATIVE, refresh_token: first.refresh_token });
    expect(Object.keys(answer.body)).toEqual(['access_token', 'scope', 'expires_in', 'token_type']);
  });

  it('authenticates confidential clients (B-TOKEN-3)', async () => {
    const first = await login('webrefresh@example.com', 'openid offline_access', { client_id: WEB, client_secret: WEB_SECRET });
    expectError(await refresh({ client_id: WEB, refresh_token: first.refresh_token }), 401, 'access_denied', 'Unauthorized');
    const answer = await refresh({ refresh_token: first.refresh_token }, { authorization: basic(WEB, WEB_SECRET) });
    expect(answer.status).toBe(200);
  });

  it('refuses unknown tokens, tokens of another client, and a missing token', async () => {
    const first = await login('other@example.com', 'offline_access');
    const unknown = 'Unknown or invalid refresh token.';
    expectError(await refresh({ client_id: NATIVE, refresh_token: 'made-up' }), 403, 'invalid_grant', unknown);
    expectError(await refresh({ client_id: WEB, client_secret: WEB_SECRET, refresh_token: first.refresh_token }), 403, 'invalid_grant', unknown);
    expectError(await refresh({ client_id: NATIVE }), 400, 'invalid_request', 'Missing required parameter: refresh_token');
  });
});

describe('/userinfo', () => {
  const userinfo = (authorization?: string) => call(emu, '/userinfo', authorization === undefined ? {} : { headers: { authorization } });

  function expectInvalidToken(answer: Awaited<ReturnType<typeof userinfo>>, description: string | RegExp): void {
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(answer.body.error).toBe('invalid_token');
    expect(answer.body.error_description).toMatch(description);
  }

  it('returns sub and the profile claims for an access token (B-USERINFO-1)', async () => {
    const tokens = await login('me@example.com', 'openid profile email');
    const answer = await userinfo(`Bearer ${tokens.access_token}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      sub: decodeJwt(tokens.id_token).sub,
      nickname: 'me',
      name: 'me@example.com',
      picture: expect.any(String),
      updated_at: new Date(clock.now()).toISOString(),
      email: 'me@example.com',
      email_verified: true,
    });
  });

  it('accepts an API access token that also names /userinfo (B-USERINFO-1, B-TOKEN-10)', async () => {
    const code = await sendCode(emu, { email: 'api@example.com' });
    const tokens = (await postForm(emu, '/oauth/token', otpParams('api@example.com', code, { scope: 'openid', audience: 'urn:example:api' }))).body;
    expect((await userinfo(`Bearer ${tokens.access_token}`)).status).toBe(200);
  });

  it('refuses a missing, malformed, foreign, tampered, expired or API-only token (B-USERINFO-1, B-TOKEN-11)', async () => {
    expectInvalidToken(await userinfo(), 'Send the access token as "Authorization: Bearer <token>".');
    expectInvalidToken(await userinfo('Basic abc'), 'Send the access token as "Authorization: Bearer <token>".');
    expectInvalidToken(await userinfo('Bearer not.a.jwt'), /^The access token is not valid here: /);

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({ sub: 'email|000000000000000000000000' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(emu.issuer)
      .setAudience(`${emu.url}/userinfo`)
      .sign(privateKey);
    expectInvalidToken(await userinfo(`Bearer ${forged}`), /signature verification failed/);

    // The opaque token (no audience, B-TOKEN-11) is refused as a JWT is: tampered, then expired.
    const tokens = await login('expired@example.com', 'openid');
    const parts = tokens.access_token.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0]! ^= 1;
    parts[3] = flipped.toString('base64url');
    expectInvalidToken(await userinfo(`Bearer ${parts.join('.')}`), 'The access token is not valid here: it does not decrypt with a key of this emulator.');
    const otherIssuer = `${Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', iss: 'https://other.example/' })).toString('base64url')}${tokens.access_token.slice(tokens.access_token.indexOf('.'))}`;
    expectInvalidToken(await userinfo(`Bearer ${otherIssuer}`), /does not decrypt/);
    const code0 = await sendCode(emu, { email: 'expired-jwt@example.com' });
    const jwt = (await postForm(emu, '/oauth/token', otpParams('expired-jwt@example.com', code0, { scope: 'openid', audience: 'urn:example:api' }))).body;
    expect((await userinfo(`Bearer ${tokens.access_token}`)).status).toBe(200);
    clock.advance(86_400_000);
    expectInvalidToken(await userinfo(`Bearer ${tokens.access_token}`), 'The access token is not valid here: "exp" claim timestamp check failed.');
    expectInvalidToken(await userinfo(`Bearer ${jwt.access_token}`), 'The access token is not valid here: "exp" claim timestamp check failed.');

    const code = await sendCode(emu, { email: 'apionly@example.com' });
    const api = (await postForm(emu, '/oauth/token', otpParams('apionly@example.com', code, { audience: 'urn:example:api' }))).body;
    expectInvalidToken(await userinfo(`Bearer ${api.access_token}`), /^The access token is not valid here: unexpected "aud" claim value\.$/);
  });
});
