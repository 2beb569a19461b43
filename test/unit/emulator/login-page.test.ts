// The Universal Login page for passwordless (docs/emulator.md "Login page", E-LOGIN-1…E-LOGIN-4):
// GET /authorize without a ticket, the identity and code forms, each error, CSRF, transaction
// expiry, escaping, and the redirect exactly as the ticket path makes it (code + PKCE, tokens).
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { type Answer, call, ManualClock, postForm, start } from './helpers.ts';

const SPA = 'emulator-spa';
const CALLBACK = 'http://127.0.0.1:5173/callback';
const VERIFIER = 'a-code-verifier-of-the-app-that-is-long-enough-43chars';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

let emu: RunningEmulator;
const clock = new ManualClock();
let serial = 0;

function authorize(params: Record<string, string> = {}): Promise<Answer> {
  const query = new URLSearchParams({ client_id: SPA, redirect_uri: CALLBACK, response_type: 'code', state: 'st', ...params }).toString();
  return call(emu, `/authorize?${query}`, { redirect: 'manual' });
}

interface Form {
  transaction: string;
  csrf: string;
}

function formOf(answer: Answer): Form {
  const transaction = /name="transaction" value="([^"]+)"/.exec(answer.text)?.[1];
  const csrf = /name="csrf" value="([^"]+)"/.exec(answer.text)?.[1];
  expect(transaction).toBeDefined();
  expect(csrf).toBeDefined();
  return { transaction: transaction!, csrf: csrf! };
}

function stepOf(answer: Answer): string | undefined {
  return /<meta name="pwless-login-step" content="([a-z_]+)">/.exec(answer.text)?.[1];
}

function alertOf(answer: Answer): string | undefined {
  const text = /<p class="error" id="error" role="alert">([^<]*)<\/p>/.exec(answer.text)?.[1];
  return text?.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
}

function postIdentifier(form: Form, identifier: string): Promise<Answer> {
  return postForm(emu, '/u/login/identifier', { ...form, identifier }, {});
}

function postCode(form: Form, code: string): Promise<Answer> {
  return call(emu, '/u/login/passwordless-challenge', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form, code }).toString(),
  });
}

async function codeFor(to: string): Promise<string> {
  const outbox = await call(emu, `/__emulator/outbox?to=${encodeURIComponent(to)}`);
  return outbox.body.messages[0].code as string;
}

/** A login started and its code sent: the form and the code. */
async function codeSent(params: Record<string, string> = {}): Promise<{ form: Form; email: string; code: string }> {
  serial += 1;
  const email = `login${serial}@example.com`;
  const page = await authorize(params);
  const form = formOf(page);
  const sent = await postIdentifier(form, email);
  expect(stepOf(sent)).toBe('code');
  return { form, email, code: await codeFor(email) };
}

beforeAll(async () => {
  const tenant = defaultTenant();
  tenant.clients.find((client) => client.client_id === SPA)!.name = 'Spa <b>"&\'';
  emu = await start({ clock, tenant });
});
afterAll(() => emu.close());

describe('GET /authorize without a ticket: the identity form (E-LOGIN-1)', () => {
  it('serves a labelled, script-free identity form with a transaction and a CSRF token (E-LOGIN-1)', async () => {
    const page = await authorize();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(stepOf(page)).toBe('identifier');
    expect(page.text).toContain('<label for="identifier">Email address</label>');
    expect(page.text).toMatch(/<input id="identifier" name="identifier" type="email" autocomplete="email" required autofocus>/);
    expect(page.text).toContain('<form method="post" action="/u/login/identifier">');
    expect(page.text).not.toContain('<script');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self' http://127.0.0.1:5173");
    const form = formOf(page);
    expect(form.csrf).not.toBe(form.transaction);
    expect(formOf(await authorize()).csrf).not.toBe(form.csrf);
  });

  it('takes connection=sms and login_hint, and refuses an unknown connection with a page (E-LOGIN-1)', async () => {
    const sms = await authorize({ connection: 'sms', login_hint: '+15550123' });
    expect(sms.text).toContain('<label for="identifier">Phone number</label>');
    expect(sms.text).toContain('type="tel"');
    expect(sms.text).toContain('value="+15550123"');
    const unknown = await authorize({ connection: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('<h1>Unknown connection</h1>');
  });

  it('escapes what the request and the tenant put on the page (E-LOGIN-1)', async () => {
    const page = await authorize({ login_hint: '"><script>alert(1)</script>' });
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
    expect(page.text).toContain('to continue to Spa &#60;b&#62;&#34;&#38;&#39;');
    const form = formOf(page);
    const invalid = await postIdentifier(form, '<img src=x onerror=alert(1)>');
    expect(invalid.status).toBe(400);
    expect(invalid.text).not.toContain('<img');
    expect(invalid.text).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});

describe('the identity and code forms, then the redirect (E-LOGIN-2)', () => {
  it('sends a code, then the right code redirects with an authorization code that PKCE exchanges at /oauth/token (E-LOGIN-2, B-AUTHZ-1)', async () => {
    const { form, email, code } = await codeSent({ scope: 'openid email', nonce: 'n1', code_challenge: CHALLENGE, code_challenge_method: 'S256' });
    const done = await postCode(form, code);
    expect(done.status).toBe(302);
    const location = new URL(done.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('st');
    const exchange = await postForm(emu, '/oauth/token', {
      grant_type: 'authorization_code',
      client_id: SPA,
      code: location.searchParams.get('code')!,
      code_verifier: VERIFIER,
      redirect_uri: CALLBACK,
    });
    expect(exchange.status).toBe(200);
    expect(decodeJwt(exchange.body.id_token)).toMatchObject({ email, nonce: 'n1', aud: SPA, iss: emu.issuer });
  });

  it('sends tokens in the fragment for response_type "token id_token", and the transaction ends with its login (E-LOGIN-2)', async () => {
    const { form, email, code } = await codeSent({ response_type: 'token id_token', scope: 'openid email', nonce: 'n2' });
    const done = await postCode(form, code);
    const fragment = new URLSearchParams(new URL(done.headers.get('location')!).hash.slice(1));
    expect(decodeJwt(fragment.get('id_token')!)).toMatchObject({ email, nonce: 'n2' });
    expect(fragment.get('state')).toBe('st');
    const again = await postCode(form, code);
    expect(again.status).toBe(400);
    expect(again.text).toContain('<h1>This login has expired</h1>');
  });

  it('sends a magic link for send=link and says "check your email"; the link carries the request (E-LOGIN-2, B-LINK-2)', async () => {
    const form = formOf(await authorize({ send: 'link', scope: 'openid email' }));
    const sent = await postIdentifier(form, 'link-login@example.com');
    expect(stepOf(sent)).toBe('link_sent');
    expect(sent.text).toContain('<h1>Check your email</h1>');
    const outbox = await call(emu, '/__emulator/outbox?to=link-login%40example.com');
    const link = new URL(outbox.body.messages[0].link);
    expect(link.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(link.searchParams.get('state')).toBe('st');
    const followed = await call(emu, link.pathname + link.search, { redirect: 'manual' });
    expect(followed.status).toBe(302);
    expect(new URL(followed.headers.get('location')!).searchParams.get('code')).toMatch(/.+/);
  });

  it('shows a bad identity on the identity form, with the value kept (E-LOGIN-2)', async () => {
    const form = formOf(await authorize());
    const answer = await postIdentifier(form, 'not-an-email');
    expect(answer.status).toBe(400);
    expect(stepOf(answer)).toBe('identifier');
    expect(alertOf(answer)).toBe('Enter a valid email address.');
    expect(answer.text).toContain('aria-describedby="error"');
    expect(answer.text).toContain('value="not-an-email"');
  });
});

describe("the code form's errors, checked as the OTP grant checks them (E-LOGIN-3, B-OTP-2, B-TOKEN-ERR-1…B-TOKEN-ERR-4)", () => {
  it('counts wrong codes down, then refuses even the right one (E-LOGIN-3)', async () => {
    const { form, code } = await codeSent();
    const wrong = code === '000000' ? '111111' : '000000';
    const first = await postCode(form, wrong);
    expect(first.status).toBe(400);
    expect(stepOf(first)).toBe('code');
    expect(alertOf(first)).toBe('Wrong email or verification code. 2 attempts left.');
    expect(alertOf(await postCode(form, wrong))).toBe('Wrong email or verification code. 1 attempt left.');
    expect(alertOf(await postCode(form, wrong))).toBe('Wrong email or verification code. 0 attempts left.');
    expect(alertOf(await postCode(form, code))).toBe("You've reached the maximum number of attempts. Please try to login again.");
  });

  it('refuses an expired code, and "Resend code" sends a new one that works (E-LOGIN-3)', async () => {
    const { form, email, code } = await codeSent();
    clock.advance(301_000);
    expect(alertOf(await postCode(form, code))).toBe('The verification code has expired. Please try to login again.');
    const resent = await postIdentifier(form, email);
    expect(stepOf(resent)).toBe('code');
    const fresh = await codeFor(email);
    expect((await postCode(form, fresh)).status).toBe(302);
  });

  it('asks for a code when none is typed (E-LOGIN-3)', async () => {
    const { form } = await codeSent();
    expect(alertOf(await postCode(form, '  '))).toBe('Enter the code you received.');
  });
});

describe('CSRF and the transaction (E-LOGIN-4)', () => {
  it("refuses a post with another transaction's token, or none, and changes nothing (E-LOGIN-4)", async () => {
    const mine = formOf(await authorize());
    const other = formOf(await authorize());
    const forged = await postIdentifier({ transaction: mine.transaction, csrf: other.csrf }, 'csrf@example.com');
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('<h1>The form could not be verified</h1>');
    expect((await postIdentifier({ transaction: mine.transaction, csrf: '' }, 'csrf@example.com')).status).toBe(403);
    expect((await call(emu, '/__emulator/outbox?to=csrf%40example.com')).body.messages).toEqual([]);
    expect(stepOf(await postIdentifier(mine, 'csrf@example.com'))).toBe('code');
  });

  it('refuses a transaction past its 10 minutes, an unknown one, and one a reset forgot (E-LOGIN-4, E-RESET-1)', async () => {
    const form = formOf(await authorize());
    clock.advance(600_000);
    const expired = await postIdentifier(form, 'late@example.com');
    expect(expired.status).toBe(400);
    expect(expired.text).toContain('<h1>This login has expired</h1>');
    expect((await postIdentifier({ transaction: 'nope', csrf: 'nope' }, 'x@example.com')).status).toBe(400);
    const kept = formOf(await authorize());
    expect((await call(emu, '/__emulator/reset', { method: 'POST' })).status).toBe(204);
    expect((await postIdentifier(kept, 'reset@example.com')).text).toContain('<h1>This login has expired</h1>');
  });
});
