import { describe, expect, it } from 'vitest';
import { useMockAgent } from '../helpers/mock-agent.ts';
import { CodeRejectedError, UsageError } from '../../../src/core/errors.ts';
import { findLink, followLink, parseLink } from '../../../src/core/magic-link.ts';
import { pageText } from '../../../src/core/response-text.ts';
import { challengeOf, createPkce } from '../../../src/core/pkce.ts';

const LINK =
  'https://tenant.example.com/passwordless/verify_redirect?client_id=c&connection=email&email=a%40b.co&verification_code=123456&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback&response_type=code&state=s1';
const mock = useMockAgent();
const path = LINK.slice('https://tenant.example.com'.length);

describe('followLink', () => {
  it('reads code and state from the query of the 302, without following it', async () => {
    mock()
      .get('https://tenant.example.com')
      .intercept({ path, method: 'GET' })
      .reply(302, '', { headers: { location: 'http://127.0.0.1/callback?code=abc&state=s1' } });
    expect(await followLink(new URL(LINK), { timeoutMs: 1000 })).toEqual({
      redirectTo: 'http://127.0.0.1/callback',
      params: { code: 'abc', state: 's1' },
      via: 'query',
    });
  });

  it('reads tokens from the fragment for implicit response types', async () => {
    mock()
      .get('https://tenant.example.com')
      .intercept({ path, method: 'GET' })
      .reply(302, '', { headers: { location: 'http://127.0.0.1/callback#id_token=x.y.z&state=s1&expires_in=7200' } });
    const callback = await followLink(new URL(LINK), { timeoutMs: 1000 });
    expect(callback.via).toBe('fragment');
    expect(callback.params).toEqual({ id_token: 'x.y.z', state: 's1', expires_in: '7200' });
  });

  it('turns an error page into a rejected link (exit 6) that quotes the page', async () => {
    mock()
      .get('https://tenant.example.com')
      .intercept({ path, method: 'GET' })
      .reply(403, '<!doctype html><title>Link expired</title><h1>This link has expired</h1><p>Request a new one.</p>', {
        headers: { 'content-type': 'text/html' },
      });
    const error = await followLink(new URL(LINK), { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeRejectedError);
    expect((error as CodeRejectedError).message).toBe('The tenant rejected the link: This link has expired — Request a new one.');
    expect((error as CodeRejectedError).code).toBe('link_rejected');
  });
});

describe('links in text', () => {
  it('finds the link in a message, HTML-escaped or not', () => {
    expect(findLink(`Click <a href="${LINK.replace(/&/g, '&amp;')}">here</a>`)?.href).toBe(new URL(LINK).href);
    expect(parseLink(`Sign in: ${LINK}\nThanks`).searchParams.get('state')).toBe('s1');
    expect(findLink('no link')).toBeUndefined();
  });
  it('leaves out the prose right after a link in plain text: a closing parenthesis, a full stop', () => {
    expect(findLink(`Sign in to My App (${LINK})`)?.href).toBe(new URL(LINK).href);
    expect(findLink(`Click here: ${LINK}.\nThanks`)?.href).toBe(new URL(LINK).href);
    expect(findLink(`Links: ${LINK}&x=(a), ${LINK}`)?.searchParams.get('x')).toBe('(a)');
  });
  it('refuses what is not a link, naming the flag', () => {
    expect(() => parseLink('hello')).toThrow(UsageError);
    expect(() => parseLink('hello')).toThrow('--link: "hello" is not a link.');
  });
  it('masks the codes of what it quotes back', () => {
    expect(() => parseLink('Your code is 040851')).toThrow('--link: "Your code is ••••" is not a link.');
    expect(() => parseLink('t.auth0.com/passwordless/verify_redirect?verification_code=040851&x=1')).toThrow(
      '"t.auth0.com/passwordless/verify_redirect?verification_code=••••&x=1"',
    );
  });
  it('reads the heading and first paragraph of an error page', () => {
    expect(pageText('<html><h1>Used</h1><p>This link was <b>already</b> used.</p></html>')).toBe('Used — This link was already used.');
  });
});

describe('PKCE', () => {
  it('computes S256 as RFC 7636 appendix B does', () => {
    expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });
  it('makes a fresh 43-character verifier each time', () => {
    const [a, b] = [createPkce(), createPkce()];
    expect(a.verifier).toMatch(/^[\w-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).toBe(challengeOf(a.verifier));
  });
});

describe('pageText entities', () => {
  it('decodes the entities an error page escapes', () => {
    expect(pageText('<h1>Callback URL mismatch</h1><p>http://a/cb?x=1&#38;y=2 is not &lt;allowed&gt;</p>')).toBe(
      'Callback URL mismatch — http://a/cb?x=1&y=2 is not <allowed>',
    );
  });
});
