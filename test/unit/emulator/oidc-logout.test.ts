// GET and POST /oidc/logout (OIDC RP-Initiated Logout 1.0): the id_token_hint, client_id, post_logout_redirect_uri and state.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, ManualClock, NATIVE, otpParams, postForm, sendCode, start, WEB, type Answer } from './helpers.ts';

const APP = 'http://127.0.0.1:53123/signed-out';
const KEY_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });

let dir: string;
let keyFile: string;
let emu: RunningEmulator;
let custom: RunningEmulator;
const clock = new ManualClock();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pwless-oidc-logout-'));
  keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, KEY_PEM);
  emu = await start({ keyFile, clock });
  const tenant = defaultTenant();
  tenant.clients[0]!.allowed_logout_urls = ['https://app.example.com/bye'];
  custom = await start({ tenant });
});
afterAll(async () => {
  await emu.close();
  await custom.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The tokens of a passwordless login of NATIVE at this emulator. */
async function login(target: RunningEmulator, email: string, extra: Record<string, string> = {}): Promise<{ id_token: string; access_token: string }> {
  const code = await sendCode(target, { email });
  const answer = await postForm(target, '/oauth/token', otpParams(email, code, { scope: 'openid email', ...extra }));
  expect(answer.status).toBe(200);
  return answer.body;
}

const logoutGet = (target: RunningEmulator, query: Record<string, string>, headers: Record<string, string> = {}) =>
  call(target, `/oidc/logout?${new URLSearchParams(query).toString()}`, { redirect: 'manual', headers });

const logoutPost = (target: RunningEmulator, body: Record<string, string> | string, headers: Record<string, string> = {}) =>
  call(target, '/oidc/logout', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
  });

function expectPage(answer: Answer, kind: string, text: string): void {
  expect(answer.status).toBe(400);
  expect(answer.headers.get('location')).toBeNull();
  expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(answer.text).toContain('<h1>Oops!, something went wrong</h1>');
  expect(answer.text).toContain(`<meta name="pwless-error" content="${kind}">`);
  expect(answer.text).toContain(text);
}

describe('GET and POST /oidc/logout (B-LOGOUT-5, B-LOGOUT-6, E-LOGOUT-1)', () => {
  it('redirects a valid id_token_hint to an allowed post_logout_redirect_uri with state, by GET and by POST (B-LOGOUT-5, B-LOGOUT-6)', async () => {
    const { id_token } = await login(emu, 'oidc-logout@example.com');
    const get = await logoutGet(emu, {
      id_token_hint: id_token,
      post_logout_redirect_uri: `${APP}?from=app#top`,
      state: 'st 1&2',
      logout_hint: 'sid-x',
      ui_locales: 'fr',
    });
    expect(get.status).toBe(302);
    expect(get.headers.get('location')).toBe(`${APP}?from=app&state=st+1%262#top`);
    expect(get.headers.get('referrer-policy')).toBe('no-referrer');
    const post = await logoutPost(emu, { id_token_hint: id_token, client_id: NATIVE, post_logout_redirect_uri: APP, state: 'xyz' });
    expect(post.status).toBe(302);
    expect(post.headers.get('location')).toBe(`${APP}?state=xyz`);
  });

  it('accepts an expired id_token_hint, as the spec allows (B-LOGOUT-6)', async () => {
    const { id_token } = await login(emu, 'expired-hint@example.com');
    clock.advance(36_001_000); // past the ID token's 36000 s lifetime
    const answer = await logoutGet(emu, { id_token_hint: id_token, post_logout_redirect_uri: APP });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(APP);
  });

  it('refuses a hint signed by another key, and one with our key but another issuer (B-LOGOUT-6, E-LOGOUT-1)', async () => {
    const other = await start();
    try {
      const { id_token } = await login(other, 'foreign@example.com');
      expectPage(
        await logoutGet(emu, { id_token_hint: id_token, post_logout_redirect_uri: APP }),
        'invalid_id_token_hint',
        "The id_token_hint is not an ID token issued by this tenant: its signature does not verify with the tenant's keys",
      );
    } finally {
      await other.close();
    }
    // The same key file at another address: the signature verifies, the issuer does not match.
    const twin = await start({ keyFile });
    try {
      const { id_token } = await login(twin, 'twin@example.com');
      const answer = await logoutGet(emu, { id_token_hint: id_token, post_logout_redirect_uri: APP });
      expectPage(answer, 'invalid_id_token_hint', `its iss is "${twin.url}/", not "${emu.url}/"`);
      expect(answer.text).not.toContain(id_token);
    } finally {
      await twin.close();
    }
    const forged = await new SignJWT({ iss: `${emu.url}/`, sub: 'x', aud: NATIVE })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'));
    expectPage(await logoutGet(emu, { id_token_hint: forged }), 'invalid_id_token_hint', 'its signature does not verify');
  });

  it('refuses an access token as the hint: its aud names no application (B-LOGOUT-6, E-LOGOUT-1)', async () => {
    // A JWT access token (an audience was asked for: B-TOKEN-10) verifies, yet names no client.
    const { access_token } = await login(emu, 'access-hint@example.com', { audience: 'urn:example:api' });
    expectPage(await logoutGet(emu, { id_token_hint: access_token }), 'invalid_id_token_hint', 'its aud names no application of this tenant');
  });

  it("refuses a post_logout_redirect_uri that is not one of the client's Allowed Logout URLs (B-LOGOUT-5, E-LOGOUT-1)", async () => {
    const { id_token } = await login(emu, 'unlisted@example.com');
    const refusal = 'The "post_logout_redirect_uri" parameter "https://evil.example/" is not defined as a valid URL in "Allowed Logout URLs".';
    expectPage(
      await logoutGet(emu, { id_token_hint: id_token, post_logout_redirect_uri: 'https://evil.example/' }),
      'invalid_post_logout_redirect_uri',
      refusal,
    );
    expectPage(await logoutPost(emu, { client_id: NATIVE, post_logout_redirect_uri: 'https://evil.example/' }), 'invalid_post_logout_redirect_uri', refusal);
    // Neither a hint nor a client_id: no list to check against (the emulator has no tenant-level one).
    expectPage(await logoutGet(emu, { post_logout_redirect_uri: APP }), 'invalid_post_logout_redirect_uri', 'is not defined as a valid URL');
    // The client's own list replaces its callbacks' origins.
    expectPage(await logoutGet(custom, { client_id: NATIVE, post_logout_redirect_uri: APP }), 'invalid_post_logout_redirect_uri', APP);
  });

  it('refuses a client_id that is not the application the hint was issued to, and an unknown client_id (B-LOGOUT-6, E-LOGOUT-1)', async () => {
    const { id_token } = await login(emu, 'mismatch@example.com');
    expectPage(
      await logoutGet(emu, { id_token_hint: id_token, client_id: WEB, post_logout_redirect_uri: APP }),
      'logout_client_mismatch',
      `The client_id "${WEB}" is not the application the id_token_hint was issued to ("${NATIVE}")`,
    );
    const unknown = await logoutGet(emu, { client_id: 'nobody', post_logout_redirect_uri: APP });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('<h1>Unknown application</h1>');
  });

  it('without post_logout_redirect_uri: the page "You are logged out", or the first Allowed Logout URL for a client_id (B-LOGOUT-5, E-LOGOUT-1)', async () => {
    const { id_token } = await login(emu, 'no-uri@example.com');
    for (const answer of [await logoutGet(emu, { id_token_hint: id_token }), await logoutPost(emu, ''), await logoutGet(emu, { client_id: NATIVE })]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(answer.text).toContain('<h1>You are logged out</h1>');
    }
    const first = await logoutGet(custom, { client_id: NATIVE, state: 's' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('https://app.example.com/bye?state=s');
  });

  it('refuses a malformed request with a page: repeated parameter, bad encoding, a JSON body (E-LOGOUT-1)', async () => {
    const repeated = await call(emu, '/oidc/logout?state=a&state=b', { redirect: 'manual' });
    expectPage(repeated, 'invalid_logout_request', "Parameter 'state' is included more than once.");
    expectPage(await logoutPost(emu, 'state=%ZZ'), 'invalid_logout_request', 'Invalid percent-encoding');
    expectPage(
      await logoutPost(emu, '{}', { 'content-type': 'application/json' }),
      'invalid_logout_request',
      'Send the parameters as an application/x-www-form-urlencoded body, not application/json.',
    );
  });

  it('is a navigation: no CORS headers, and OPTIONS is 405 (B-LOGOUT-5)', async () => {
    const origin = 'http://127.0.0.1:5173';
    const answer = await logoutGet(emu, { client_id: NATIVE }, { origin });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call(emu, '/oidc/logout', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('allow')).toBe('GET, POST');
  });

  it('is listed as end_session_endpoint in discovery (B-LOGOUT-5, B-DISC-1)', async () => {
    const doc = (await call(emu, '/.well-known/openid-configuration')).body as Record<string, unknown>;
    expect(doc.end_session_endpoint).toBe(`${emu.url}/oidc/logout`);
  });
});
