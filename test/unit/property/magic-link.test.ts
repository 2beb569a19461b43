// Property tests of link extraction (src/core/magic-link.ts): findLink and parseLink on any text
// return a URL, nothing, or a UsageError; a link in any message (plain text or HTML) is found with
// its parameters; pageText reads any error page without throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.ts';
import { findLink, parseLink } from '../../../src/core/magic-link.ts';
import { pageText } from '../../../src/core/response-text.ts';
import { anyText, fragments, NASTY, onlyTyped, RUNS } from './hostile.ts';

const linkish = fragments(
  [
    ...NASTY,
    'http://',
    'https://',
    '[',
    '[::1]',
    ':99999',
    ':4010',
    '127.0.0.1',
    'tenant.auth0.com',
    '/passwordless/verify_redirect?',
    'verification_code=123456',
    '&amp;',
    'connection=email',
    '%',
    '%zz',
  ],
  16,
);
/** Messages that hold something shaped like a link, with a hostile authority and query. */
const brokenLink = fc
  .tuple(
    fc.constantFrom('http://', 'https://'),
    fragments(['[', ']', '::1', ':', ':99999', '%', '@', 'a', '.', '127.0.0.1', '\\', '^'], 5),
    fragments(['=', '&', '%', '%zz', '&amp;', 'a', '#'], 5),
  )
  .map(([scheme, authority, query]) => `Sign in: ${scheme}${authority}/passwordless/verify_redirect?${query} thanks`);
const messageText = fc.oneof(anyText, linkish, brokenLink);

describe('findLink and parseLink on hostile input', () => {
  it('findLink returns a URL or nothing, and never throws', () => {
    fc.assert(
      fc.property(messageText, (text) => {
        const found = findLink(text);
        if (found !== undefined) expect(found.pathname).toMatch(/\/passwordless\/verify_redirect$/);
        return true;
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('parseLink returns an http(s) URL or throws a UsageError naming the flag', () => {
    fc.assert(
      fc.property(messageText, (text) => {
        try {
          expect(['http:', 'https:']).toContain(parseLink(text, '--link').protocol);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as UsageError).message).toMatch(/^--link: /);
        }
        return onlyTyped(() => parseLink(text), [UsageError]);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('skips a link-shaped text that is no URL and finds the real link after it', () => {
    const real = 'https://t.example/passwordless/verify_redirect?verification_code=111111';
    expect(findLink(`http://[/passwordless/verify_redirect?x then ${real}`)?.href).toBe(real);
    expect(findLink('http://a:99999/passwordless/verify_redirect?x')).toBeUndefined();
    expect(findLink('http://\\/passwordless/verify_redirect?x')).toBeUndefined(); // host "passwordless", path /verify_redirect
  });

  it('finds the link in any message, in text or HTML, with its parameters', () => {
    const code = fc.stringMatching(/^[0-9]{6}$/);
    const host = fc.oneof(fc.domain(), fc.constantFrom('127.0.0.1:4010', '[::1]:4010', 'localhost:8080'));
    const prose = fc.array(fc.constantFrom('Hello,', 'click', 'here:', 'Thanks!', '\n', '<p>', '</p>', '—'), { maxLength: 8 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(host, code, fc.boolean(), prose, prose, (authority, digits, html, before, after) => {
        const query = `client_id=app&connection=email&verification_code=${digits}&email=a%40b.co`;
        const href = `https://${authority}/passwordless/verify_redirect?${query}`;
        const message = html ? `${before}<a href="${href.replace(/&/g, '&amp;')}">Sign in</a>${after}` : `${before} ${href} ${after}`;
        const found = findLink(message);
        expect(found?.searchParams.get('verification_code')).toBe(digits);
        expect(found?.searchParams.get('email')).toBe('a@b.co');
        expect(parseLink(message).href).toBe(found?.href);
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('pageText reads any page as at most 300 characters, and never throws', () => {
    const page = fc.oneof(anyText, fragments([...NASTY, '<h1>', '</h1>', '<p>', '</p>', '<title>', '&#', '&#x', ';', 'ffff', '1114112', '&lt;', '&nbsp;'], 20));
    fc.assert(
      fc.property(page, (html) => {
        expect(pageText(html).length).toBeLessThanOrEqual(300);
        return true;
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('pageText reads a character reference that is no character as U+FFFD, as HTML parsers do', () => {
    expect(pageText('<h1>Bad &#x110000; and &#99999999999; and &#x0; and &#xD800; link</h1>')).toBe('Bad \ufffd and \ufffd and \ufffd and \ufffd link');
    expect(pageText('<p>&#x41;&#66;&amp;&lt;</p>')).toBe('AB&<');
  });
});
