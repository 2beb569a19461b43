// GET /authorize with a login ticket from POST /co/authenticate (docs/auth0-behaviour.md, B-AUTHZ-1…B-AUTHZ-3):
// the redirect per response_type and response_mode, state, nonce, PKCE; the ticket single use,
// short lived and bound to its client; the verifier cookie; refusals as pages or as redirects.
import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, ManualClock, OTP_GRANT, postForm, postJson, sendCode, start } from './helpers.ts';

const SPA = 'emulator-spa';
const CALLBACK = 'http://127.0.0.1:5173/callback';

interface Ticket {
  login_ticket: string;
  co_id: string;
  co_verifier: string;
}

let emu: RunningEmulator;
const clock = new ManualClock();
let serial = 0;

async function ticket(clientId = SPA): Promise<Ticket> {
  serial += 1;
  const email = `authz${serial}@example.com`;
  const code = await sendCode(emu, { email });
  const answer = await postJson(emu, '/co/authenticate', { client_id: clientId, username: email, otp: code, realm: 'email', credential_type: OTP_GRANT });
  expect(answer.status).toBe(200);
  return answer.body as Ticket;
}

function authorize(params: Record<string, string>, headers: Record<string, string> = {}) {
  const query = new URLSearchParams({ client_id: SPA, redirect_uri: CALLBACK, ...params }).toString();
  return call(emu, `/authorize?${query}`, { redirect: 'manual', headers });
}

/** The parameters the redirect carries, from its fragment or query. */
function redirected(location: string | null, where: 'hash' | 'search'): Record<string, string> {
  expect(location).not.toBeNull();
  const url = new URL(location!);
  expect(`${url.origin}${url.pathname}`).toBe(CALLBACK);
  return Object.fromEntries(new URLSearchParams(url[where].slice(1)));
}

beforeAll(async () => {
  emu = await start({ clock });
});
afterAll(() => emu.close());

describe('a login ticket redeemed at GET /authorize (B-AUTHZ-1)', () => {
  it('redirects with tokens in the fragment for "token id_token", with state and nonce (B-AUTHZ-1)', async () => {
    const { login_ticket } = await ticket();
    const answer = await authorize({ login_ticket, response_type: 'token id_token', scope: 'openid email', state: 's1', nonce: 'n1', realm: 'email' });
    expect(answer.status).toBe(302);
    const params = redirected(answer.headers.get('location'), 'hash');
    expect(Object.keys(params).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'scope', 'state', 'token_type']);
    expect(params.state).toBe('s1');
    const claims = decodeJwt(params.id_token!);
    expect(claims).toMatchObject({ nonce: 'n1', aud: SPA, iss: emu.issuer, email: `authz${serial}@example.com` });
  });

  it('redirects with a code in the query for "code", which the authorization_code grant exchanges with PKCE (B-AUTHZ-1)', async () => {
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const { login_ticket } = await ticket();
    const answer = await authorize({
      login_ticket,
      response_type: 'code',
      scope: 'openid',
      state: 's2',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const params = redirected(answer.headers.get('location'), 'search');
    expect(params.state).toBe('s2');
    const exchange = (codeVerifier: string) =>
      postForm(emu, '/oauth/token', {
        grant_type: 'authorization_code',
        client_id: SPA,
        code: params.code!,
        redirect_uri: CALLBACK,
        code_verifier: codeVerifier,
      });
    expect((await exchange('w'.repeat(50))).body.error).toBe('invalid_grant');
    const tokens = await exchange(verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body.id_token).toBeTypeOf('string');
  });

  it('answers response_mode=form_post with a page that posts the parameters (B-AUTHZ-1)', async () => {
    const { login_ticket } = await ticket();
    const answer = await authorize({ login_ticket, response_type: 'code', response_mode: 'form_post', state: 'a"b' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'$/);
    expect(answer.text).toContain(`<form method="post" action="${CALLBACK}">`);
    expect(answer.text).toMatch(/<input type="hidden" name="code" value="[A-Za-z0-9_-]+">/);
    expect(answer.text).toContain('<input type="hidden" name="state" value="a&#34;b">');
  });

  it('works once: the same ticket again redirects with access_denied (B-AUTHZ-2)', async () => {
    const { login_ticket } = await ticket();
    const params = { login_ticket, response_type: 'token', state: 's3' };
    expect((await authorize(params)).status).toBe(302);
    const again = redirected((await authorize(params)).headers.get('location'), 'hash');
    expect(again).toEqual({
      error: 'access_denied',
      error_description: 'The login_ticket has already been used: a ticket works once. Log in again.',
      state: 's3',
    });
  });

  it('expires after 60 s on the emulator clock (B-AUTHZ-2)', async () => {
    const { login_ticket } = await ticket();
    clock.advance(61_000);
    const answer = redirected((await authorize({ login_ticket, response_type: 'code' })).headers.get('location'), 'search');
    expect(answer).toEqual({ error: 'access_denied', error_description: 'The login_ticket has expired. Log in again.' });
  });

  it('is bound to its client: another client is refused, and the ticket stays valid for its own (B-AUTHZ-2)', async () => {
    const { login_ticket } = await ticket();
    const other = redirected((await authorize({ login_ticket, response_type: 'code', client_id: 'emulator-native' })).headers.get('location'), 'search');
    expect(other).toEqual({ error: 'access_denied', error_description: 'The login_ticket was issued to another application.' });
    expect(redirected((await authorize({ login_ticket, response_type: 'code' })).headers.get('location'), 'search').code).toBeTypeOf('string');
    const unknown = redirected((await authorize({ login_ticket: 'made-up', response_type: 'code' })).headers.get('location'), 'search');
    expect(unknown.error_description).toBe('The login_ticket is not valid.');
  });

  it('checks the verifier cookie when the browser sends it, and needs none (B-AUTHZ-2)', async () => {
    const good = await ticket();
    const withCookie = await authorize({ login_ticket: good.login_ticket, response_type: 'code' }, { cookie: `pwless_co=${good.co_id}.${good.co_verifier}` });
    expect(redirected(withCookie.headers.get('location'), 'search').code).toBeTypeOf('string');
    const bad = await ticket();
    const forged = await authorize({ login_ticket: bad.login_ticket, response_type: 'code' }, { cookie: `other=1; pwless_co=${bad.co_id}.forged` });
    expect(redirected(forged.headers.get('location'), 'search').error_description).toBe('The cross-origin verifier does not match the login_ticket.');
    const stale = await ticket();
    const otherLogin = await authorize({ login_ticket: stale.login_ticket, response_type: 'code' }, { cookie: `pwless_co=someoneelse.x` });
    expect(redirected(otherLogin.headers.get('location'), 'search').code).toBeTypeOf('string');
  });
});

describe('GET /authorize refusals (B-AUTHZ-3)', () => {
  it('answers a page, never a redirect, for an unknown client or a redirect_uri that is not a callback (B-AUTHZ-3)', async () => {
    const unknown = await authorize({ client_id: 'ghost', response_type: 'code' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
    expect(unknown.text).toContain('<h1>Unknown application</h1>');
    expect(unknown.text).toContain('GET /authorize answered 400');
    const mismatch = await authorize({ redirect_uri: 'https://evil.example/cb', response_type: 'code' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('<h1>Callback URL mismatch</h1>');
  });

  it('redirects the errors it can name once the redirect_uri is allowed (B-AUTHZ-3)', async () => {
    const hybrid = redirected((await authorize({ response_type: 'code id_token', state: 'x' })).headers.get('location'), 'search');
    expect(hybrid.error).toBe('unsupported_response_type');
    expect(hybrid.state).toBe('x');
    const noNonce = redirected((await authorize({ response_type: 'id_token', scope: 'openid', login_ticket: 't' })).headers.get('location'), 'hash');
    expect(noNonce).toEqual({ error: 'invalid_request', error_description: 'Missing required parameter: nonce (OIDC Core §3.2.2.1).' });
    const tokensInQuery = redirected((await authorize({ response_type: 'token', response_mode: 'query' })).headers.get('location'), 'search');
    expect(tokensInQuery.error).toBe('invalid_request');
  });

  it('answers prompt=none with login_required, and other requests without a ticket with the login page (B-AUTHZ-3, E-LOGIN-1)', async () => {
    const silent = redirected((await authorize({ response_type: 'token', prompt: 'none', state: 'q' })).headers.get('location'), 'hash');
    expect(silent).toEqual({ error: 'login_required', error_description: 'Login required', state: 'q' });
    const page = await authorize({ response_type: 'code' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<meta name="pwless-login-step" content="identifier">');
  });
});

/**
 * Runs the web_message page's script as a browser would in an iframe, its CSP checked first, and
 * returns what it posts to the parent: `[message, targetOrigin]`.
 */
function postedMessage(answer: { headers: Headers; text: string }): [unknown, string][] {
  expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const script = /<script>(.*)<\/script>/.exec(answer.text)?.[1] ?? '';
  const hash = createHash('sha256').update(script).digest('base64');
  expect(answer.headers.get('content-security-policy')).toBe(`default-src 'none'; script-src 'sha256-${hash}'`);
  const data = /<script type="application\/json" id="authorization-response">(.*?)<\/script>/.exec(answer.text)?.[1] ?? '';
  const posted: [unknown, string][] = [];
  const parent = { postMessage: (message: unknown, origin: string) => posted.push([message, origin]) };
  runInNewContext(script, {
    window: { opener: null, parent },
    document: { getElementById: (id: string) => (id === 'authorization-response' ? { textContent: data } : null) },
  });
  return posted;
}

describe('response_mode=web_message, for a hidden iframe (B-AUTHZ-4)', () => {
  it('posts login_required to the redirect URI origin for prompt=none, as checkSession expects (B-AUTHZ-4)', async () => {
    const answer = await authorize({ response_type: 'token id_token', response_mode: 'web_message', prompt: 'none', state: 'w1', nonce: 'n' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(postedMessage(answer)).toEqual([
      [{ type: 'authorization_response', response: { error: 'login_required', error_description: 'Login required', state: 'w1' } }, 'http://127.0.0.1:5173'],
    ]);
  });

  it('posts the tokens of a login ticket, as auth0.js does in popup mode (B-AUTHZ-4, B-AUTHZ-1)', async () => {
    const { login_ticket } = await ticket();
    const answer = await authorize({
      login_ticket,
      response_type: 'token id_token',
      response_mode: 'web_message',
      scope: 'openid email',
      state: 'w2',
      nonce: 'n2',
    });
    const [[message, origin]] = postedMessage(answer) as [[{ type: string; response: Record<string, string> }, string]];
    expect(origin).toBe('http://127.0.0.1:5173');
    expect(message.type).toBe('authorization_response');
    expect(Object.keys(message.response).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'scope', 'state', 'token_type']);
    expect(message.response.state).toBe('w2');
    expect(decodeJwt(message.response.id_token!)).toMatchObject({ nonce: 'n2', aud: SPA, email: `authz${serial}@example.com` });
  });

  it('keeps every value inside its data block (B-AUTHZ-4)', async () => {
    const state = '</script><script>alert(1)</script>';
    const answer = await authorize({ response_type: 'token', response_mode: 'web_message', prompt: 'none', state });
    expect(answer.text.match(/<\/script>/g)).toHaveLength(2);
    expect(postedMessage(answer)[0]?.[0]).toMatchObject({ response: { state } });
  });

  it('still refuses a mode it does not know, naming the ones it does (B-AUTHZ-3)', async () => {
    const refused = redirected(
      (await authorize({ response_type: 'token', response_mode: 'okta_post_message', state: 'w3' })).headers.get('location'),
      'search',
    );
    expect(refused).toEqual({
      error: 'invalid_request',
      error_description: 'response_mode "okta_post_message" is not supported: use query, fragment, form_post or web_message.',
      state: 'w3',
    });
  });
});

describe('a reset (E-RESET-1)', () => {
  it('forgets login tickets (E-RESET-1)', async () => {
    const { login_ticket } = await ticket();
    expect((await call(emu, '/__emulator/reset', { method: 'POST' })).status).toBe(204);
    const answer = redirected((await authorize({ login_ticket, response_type: 'code' })).headers.get('location'), 'search');
    expect(answer.error_description).toBe('The login_ticket is not valid.');
  });
});
