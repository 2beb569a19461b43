// POST /oauth/token, grant authorization_code: the code of a followed magic link (RFC 6749 §4.1.3, RFC 7636 §4.6).
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { basic, expectError, ManualClock, NATIVE, postForm, postJson, start, WEB, WEB_SECRET } from './helpers.ts';
import { CALLBACK, codeParams, follow, redirectParams, sendLink, VERIFIER } from './link-helpers.ts';

let emu: RunningEmulator;
const clock = new ManualClock();

beforeAll(async () => {
  emu = await start({ clock });
});
afterAll(() => emu.close());

const GRANT = 'authorization_code';
const token = (params: Record<string, string>, headers?: Record<string, string>) => postForm(emu, '/oauth/token', params, headers);

/** Sends a link, follows it, and returns the code of the redirect. */
async function codeFor(
  email: string,
  authParams: Record<string, string> = codeParams(),
  client: Record<string, string> = { client_id: NATIVE },
): Promise<string> {
  const answer = await follow(await sendLink(emu, email, authParams, client));
  expect(answer.status, answer.text).toBe(302);
  return redirectParams(answer.location!, 'query').code!;
}

const exchange = (code: string, extra: Record<string, string> = {}) => ({
  grant_type: GRANT,
  client_id: NATIVE,
  code,
  redirect_uri: CALLBACK,
  code_verifier: VERIFIER,
  ...extra,
});

describe('a public client with PKCE (B-LINK-10)', () => {
  it("exchanges the code for tokens: the id_token verifies and has the link's nonce; no refresh token (B-LINK-5)", async () => {
    const code = await codeFor('pkce@example.com', codeParams({ scope: 'openid profile email offline_access', nonce: 'the-nonce' }));
    const answer = await token(exchange(code));
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(answer.body)).toEqual(['access_token', 'id_token', 'scope', 'expires_in', 'token_type']);
    expect(answer.body).toMatchObject({ scope: 'openid profile email', expires_in: 86400, token_type: 'Bearer' });
    const jwks = createRemoteJWKSet(new URL(`${emu.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(answer.body.id_token, jwks, { issuer: emu.issuer, audience: NATIVE, currentDate: new Date(clock.now()) });
    expect(payload).toMatchObject({ email: 'pkce@example.com', nonce: 'the-nonce', azp: NATIVE });
    expect(payload.at_hash).toBeUndefined();
  });

  it("puts the link's audience in the access token, and gives no id_token without openid (B-TOKEN-10, B-TOKEN-4)", async () => {
    const code = await codeFor('aud-code@example.com', codeParams({ scope: 'read:things', audience: 'urn:example:api' }));
    const answer = await postJson(emu, '/oauth/token', exchange(code));
    expect(Object.keys(answer.body)).toEqual(['access_token', 'scope', 'expires_in', 'token_type']);
    expect(decodeJwt(answer.body.access_token)).toMatchObject({ aud: 'urn:example:api', scope: 'read:things' });
  });

  it('refuses a wrong verifier, then still accepts the right one', async () => {
    const code = await codeFor('wrongpkce@example.com');
    const wrong = 'PKCE verification failed: BASE64URL(SHA256(code_verifier)) does not match the code_challenge of the link.';
    expectError(await token(exchange(code, { code_verifier: 'b'.repeat(43) })), 403, 'invalid_grant', wrong);
    expectError(await token(exchange(code, { code_verifier: 'too-short' })), 403, 'invalid_grant', wrong);
    expect((await token(exchange(code))).status).toBe(200);
  });

  it('refuses a missing verifier when the link had a challenge', async () => {
    const code = await codeFor('nopkce@example.com');
    const { code_verifier: _, ...params } = exchange(code);
    expectError(await token(params), 403, 'invalid_grant', 'Missing code_verifier: the link had a code_challenge (PKCE, RFC 7636).');
    expectError(await token({ ...params, code_verifier: '' }), 403, 'invalid_grant', 'Missing code_verifier: the link had a code_challenge (PKCE, RFC 7636).');
  });

  it('accepts no verifier when the link had no challenge, and refuses one then (PKCE downgrade)', async () => {
    const plain = { redirect_uri: CALLBACK, response_type: 'code', scope: 'openid', nonce: 'n' };
    const code = await codeFor('nochallenge@example.com', plain);
    expectError(await token(exchange(code)), 403, 'invalid_grant', 'A code_verifier was sent, but the link had no code_challenge.');
    const { code_verifier: _, ...params } = exchange(code);
    expect((await token(params)).status).toBe(200);
  });
});

describe('a confidential client', () => {
  const webLink = { redirect_uri: CALLBACK, response_type: 'code', scope: 'openid email', state: 's', nonce: 'web-n' };
  const web = { client_id: WEB, client_secret: WEB_SECRET };

  it('exchanges with its secret in the body or by HTTP Basic (B-TOKEN-3)', async () => {
    let code = await codeFor('web-post@example.com', webLink, web);
    let answer = await token({ grant_type: GRANT, ...web, code, redirect_uri: CALLBACK });
    expect(answer.status).toBe(200);
    expect(decodeJwt(answer.body.id_token)).toMatchObject({ aud: WEB, nonce: 'web-n' });
    code = await codeFor('web-basic@example.com', webLink, web);
    answer = await token({ grant_type: GRANT, code, redirect_uri: CALLBACK }, { authorization: basic(WEB, WEB_SECRET) });
    expect(answer.status).toBe(200);
  });

  it('is refused with a wrong or missing secret, before the code is looked at (B-TOKEN-ERR-6)', async () => {
    const code = await codeFor('web-wrong@example.com', webLink, web);
    expectError(await token({ grant_type: GRANT, client_id: WEB, client_secret: 'nope', code, redirect_uri: CALLBACK }), 401, 'access_denied', 'Unauthorized');
    expectError(await token({ grant_type: GRANT, client_id: WEB, code, redirect_uri: CALLBACK }), 401, 'access_denied', 'Unauthorized');
    expect((await token({ grant_type: GRANT, ...web, code, redirect_uri: CALLBACK })).status).toBe(200);
  });
});

describe('the code (B-LINK-11, B-TOKEN-ERR-13)', () => {
  it('works once', async () => {
    const code = await codeFor('reuse@example.com');
    expect((await token(exchange(code))).status).toBe(200);
    expectError(await token(exchange(code)), 403, 'invalid_grant', 'The authorization code has already been used.');
  });

  it('lives 60 s on the emulator clock', async () => {
    const fresh = await codeFor('ttl-ok@example.com');
    const stale = await codeFor('ttl@example.com');
    clock.advance(59_999);
    expect((await token(exchange(fresh))).status).toBe(200);
    clock.advance(1);
    expectError(await token(exchange(stale)), 403, 'invalid_grant', 'The authorization code has expired.');
  });

  it('must come with the redirect_uri of the link', async () => {
    const code = await codeFor('redirect@example.com');
    const mismatch = 'The redirect_uri does not match the one of the link the code was issued for.';
    expectError(await token(exchange(code, { redirect_uri: 'http://127.0.0.1:8484/other' })), 403, 'invalid_grant', mismatch);
    expectError(await token(exchange(code, { redirect_uri: 'http://127.0.0.1/callback' })), 403, 'invalid_grant', mismatch);
    const { redirect_uri: _, ...params } = exchange(code);
    expectError(await token(params), 400, 'invalid_request', 'Missing required parameter: redirect_uri');
    expect((await token(exchange(code))).status).toBe(200);
  });

  it('belongs to its client: another one gets "Invalid authorization code"', async () => {
    const code = await codeFor('mine@example.com');
    expectError(await token(exchange(code, { client_id: 'emulator-spa' })), 403, 'invalid_grant', 'Invalid authorization code');
    expectError(await token(exchange('made-up')), 403, 'invalid_grant', 'Invalid authorization code');
  });

  it('needs the authorization_code grant at the token endpoint too (B-APP-6)', async () => {
    const code = await codeFor('grant@example.com');
    const native = emu.tenant.clients.find((c) => c.client_id === NATIVE)!;
    const saved = native.grant_types;
    native.grant_types = saved.filter((g) => g !== GRANT);
    try {
      const answer = await token(exchange(code));
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        error: 'unauthorized_client',
        error_description: "Grant type 'authorization_code' not allowed for the client.",
        error_uri: 'https://auth0.com/docs/clients/client-grant-types',
      });
    } finally {
      native.grant_types = saved;
    }
  });

  it('is forgotten by a reset (E-RESET-1)', async () => {
    const code = await codeFor('reset@example.com');
    await postJson(emu, '/__emulator/reset', {});
    expectError(await token(exchange(code)), 403, 'invalid_grant', 'Invalid authorization code');
  });
});
