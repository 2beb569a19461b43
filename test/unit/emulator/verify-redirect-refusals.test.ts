// GET /passwordless/verify_redirect, the refusals that are not about the code: callbacks, missing or
// unsupported parameters, grants, PKCE, MFA and sign-ups (docs/emulator.md "Refused links").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { NATIVE, postForm, start, WEB } from './helpers.ts';
import { CALLBACK, expectPage, follow, sendLink, withParam } from './link-helpers.ts';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

const client = (id: string) => emu.tenant.clients.find((c) => c.client_id === id)!;

describe('redirect_uri must be an allowed callback: 400 "Callback URL mismatch" (B-LINK-3, B-LINK-4)', () => {
  it.each(['https://evil.example/callback', 'http://127.0.0.1.evil.example/callback', 'https://127.0.0.1/callback'])(
    'refuses %s with the URI and the fix, and never redirects',
    async (redirectUri) => {
      const link = await sendLink(emu, 'cb@example.com', { redirect_uri: redirectUri, response_type: 'code' });
      const answer = await follow(link);
      expectPage(
        answer,
        400,
        'Callback URL mismatch',
        `The redirect_uri ${redirectUri} is not an Allowed Callback URL of emulator-native (allowed: http://127.0.0.1/*, http://localhost/*). ` +
          "Add it to the application's Allowed Callback URLs (tenant file: clients[].callbacks).",
      );
    },
  );

  it.each([
    ['http://127.0.0.1:8484/callback#frag', 'it has a fragment (#…), which a redirect URI must not have (RFC 6749 §3.1.2)'],
    ['http://user@127.0.0.1/callback', 'it has user info (user@host)'],
    ['not a url', 'it is not an absolute URL'],
  ])('refuses %s, which no callback can admit, saying why', async (redirectUri, problem) => {
    const answer = await follow(await sendLink(emu, 'cb-bad@example.com', { redirect_uri: redirectUri, response_type: 'code' }));
    expectPage(
      answer,
      400,
      'Callback URL mismatch',
      `The redirect_uri ${redirectUri} cannot be an Allowed Callback URL: ${problem}. Send the link with a valid redirect_uri.`,
    );
  });

  it('escapes & in the URI it echoes', async () => {
    const allowedWithQuery = await follow(await sendLink(emu, 'amp@example.com', { redirect_uri: 'https://evil.example/cb?a=1&b=2', response_type: 'code' }));
    expect(allowedWithQuery.paragraph).toContain('https://evil.example/cb?a=1&#38;b=2');
  });

  it('checks the callback before the code, so a used link to a bad URI still never redirects', async () => {
    const link = await sendLink(emu, 'cb-first@example.com');
    await follow(link);
    expectPage(await follow(withParam(link, 'redirect_uri', 'https://evil.example/')), 400, 'Callback URL mismatch');
  });

  it('says "none" for a client without callbacks', async () => {
    const native = client(NATIVE);
    const saved = native.callbacks;
    native.callbacks = [];
    try {
      const answer = await follow(await sendLink(emu, 'nocb@example.com'));
      expectPage(answer, 400, 'Callback URL mismatch', /\(allowed: none\)/);
    } finally {
      native.callbacks = saved;
    }
  });
});

describe('other refusals (B-LINK-4)', () => {
  let link: URL;
  beforeAll(async () => {
    link = await sendLink(emu, 'other@example.com');
  });

  it.each(['client_id', 'redirect_uri', 'connection', 'email', 'verification_code', 'response_type'])('refuses a link without %s', async (param) => {
    expectPage(await follow(withParam(link, param, null)), 400, 'This link is incomplete', new RegExp(`^Missing required parameter: ${param}\\.`));
  });

  it('refuses an unknown client, an unknown connection and a disabled one', async () => {
    expectPage(await follow(withParam(link, 'client_id', 'nope')), 400, 'Unknown application', /^No application has the client_id "nope"/);
    expectPage(await follow(withParam(link, 'connection', 'ldap')), 400, 'Unknown connection', /^The connection "ldap" does not exist/);
    const connection = emu.tenant.connections.find((c) => c.name === 'email')!;
    const saved = connection.enabled_clients;
    connection.enabled_clients = [WEB];
    try {
      expectPage(
        await follow(link),
        400,
        'Connection not enabled for this application',
        /^The connection email is not enabled for the application emulator-native/,
      );
    } finally {
      connection.enabled_clients = saved;
    }
  });

  it.each([
    [{ response_type: 'code id_token' }, /^response_type "code id_token" is not supported/],
    [{ response_type: 'none' }, /^response_type "none"/],
    [{ response_mode: 'form_post' }, /^response_mode "form_post" is not supported/],
    [{ response_type: 'token', response_mode: 'query' }, /^response_mode=query cannot carry tokens/],
  ])('refuses an unsupported response type or mode: %o', async (params, paragraph) => {
    let target = link;
    for (const [name, value] of Object.entries(params)) target = withParam(target, name, value);
    expectPage(await follow(target), 400, 'Unsupported response type', paragraph);
  });

  it('needs a nonce and the openid scope for an ID token in the redirect', async () => {
    const base = withParam(withParam(link, 'response_type', 'id_token'), 'code_challenge', null);
    expectPage(await follow(withParam(base, 'nonce', null)), 400, 'This link is incomplete', /^Missing required parameter: nonce\. OpenID Connect requires it/);
    expectPage(await follow(withParam(base, 'scope', 'email')), 400, 'Invalid scope', /needs "openid" in scope/);
    expectPage(await follow(withParam(withParam(link, 'response_type', 'token id_token'), 'nonce', null)), 400, 'This link is incomplete');
  });

  it('needs the grant of the response type (B-APP-6)', async () => {
    const native = client(NATIVE);
    const saved = native.grant_types;
    native.grant_types = saved.filter((g) => g !== 'implicit');
    try {
      const implicit = await sendLink(emu, 'nogrant@example.com', { redirect_uri: CALLBACK, response_type: 'token' });
      expectPage(await follow(implicit), 400, 'Grant type not allowed', /^Grant type 'implicit' not allowed for the client\. Enable it for emulator-native/);
      native.grant_types = saved.filter((g) => g !== 'authorization_code');
      expectPage(await follow(await sendLink(emu, 'nogrant@example.com')), 400, 'Grant type not allowed', /^Grant type 'authorization_code'/);
    } finally {
      native.grant_types = saved;
    }
  });

  it.each([
    [{ code_challenge_method: 'plain' }, 'code_challenge_method "plain" is not supported: use S256.'],
    [{ code_challenge_method: null }, /^code_challenge is given without code_challenge_method/],
    [{ code_challenge: null }, 'code_challenge_method is given without a code_challenge.'],
    [{ code_challenge: 'short' }, /^code_challenge is not an S256 challenge/],
  ])('refuses PKCE parameters other than S256: %o', async (params, paragraph) => {
    let target = link;
    for (const [name, value] of Object.entries(params)) target = withParam(target, name, value);
    expectPage(await follow(target), 400, 'Invalid PKCE parameters', paragraph);
  });

  it('refuses a user whose login needs MFA (the link is used up) and sign-ups disabled since the link was sent (B-TOKEN-ERR-10, B-START-10)', async () => {
    const mfa = await sendLink(emu, 'mfa@example.com');
    expectPage(await follow(mfa), 403, 'Multifactor authentication required', /^mfa@example\.com must complete multifactor authentication/);
    expectPage(await follow(mfa), 403, 'This link has already been used');
    const fresh = await sendLink(emu, 'fresh@example.com');
    const connection = emu.tenant.connections.find((c) => c.name === 'email')!;
    connection.disable_signup = true;
    try {
      expectPage(await follow(fresh), 403, 'Sign ups are disabled', 'Sign ups are disabled for this connection: only existing users can log in.');
    } finally {
      delete connection.disable_signup;
    }
  });

  it('escapes what it echoes, and forbids active content', async () => {
    const answer = await follow(withParam(link, 'client_id', '<script>x</script>'));
    expect(answer.text).not.toContain('<script>');
    expect(answer.paragraph).toContain('&#60;script&#62;');
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(answer.text).toContain('<meta name="pwless-error" content="unknown_client">');
  });

  it('answers other methods with 405 (E-ROUTE-1)', async () => {
    const answer = await postForm(emu, '/passwordless/verify_redirect', {});
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET');
  });

  it('is not rate limited: no x-ratelimit headers (B-LINK-12)', async () => {
    const answer = await follow(withParam(link, 'client_id', 'nope'));
    expect(answer.headers.get('x-ratelimit-limit')).toBeNull();
  });
});
