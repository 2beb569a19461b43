// callbacks.ts: the matching rules of Allowed Callback URLs (docs/emulator.md "Allowed callback URLs").
import { describe, expect, it } from 'vitest';
import { callbackMatches, isAllowedCallback, redirectUriProblem } from '../../../src/emulator/callbacks.ts';

describe('callbackMatches (B-LINK-9)', () => {
  it.each([
    ['http://127.0.0.1/*', 'http://127.0.0.1/callback', true],
    ['http://127.0.0.1/*', 'http://127.0.0.1:53123/callback', true],
    ['http://127.0.0.1/*', 'http://127.0.0.1:1/a/b/c?x=1', true],
    ['http://127.0.0.1/*', 'http://127.0.0.1', true],
    ['http://localhost/*', 'http://localhost:8080/cb', true],
    ['http://localhost/*', 'http://LOCALHOST:8080/cb', true],
    ['http://[::1]/cb', 'http://[::1]:9000/cb', true],
    ['http://127.0.0.1/*', 'https://127.0.0.1/callback', false],
    ['http://127.0.0.1/*', 'http://127.0.0.2/callback', false],
    ['http://127.0.0.1/*', 'http://127.0.0.1.nip.io/callback', false],
    ['http://127.0.0.1:8080/cb', 'http://127.0.0.1:8081/cb', false],
    ['http://127.0.0.1:8080/cb', 'http://127.0.0.1:8080/cb', true],
    ['https://app.example.com/cb', 'https://app.example.com/cb', true],
    ['https://app.example.com/cb', 'https://app.example.com:443/cb', true],
    ['https://app.example.com/cb', 'https://app.example.com:8443/cb', false],
    ['https://app.example.com/cb', 'https://app.example.com/cb/', false],
    ['https://app.example.com/cb', 'https://app.example.com/cb?x=1', false],
    ['https://app.example.com/cb', 'https://app.example.com/CB', false],
    ['https://app.example.com/cb?x=1', 'https://app.example.com/cb?x=1', true],
    ['https://app.example.com/*/done', 'https://app.example.com/a/b/done', true],
    ['https://app.example.com/*/done', 'https://app.example.com/a/b/done/no', false],
    ['https://*.example.com/cb', 'https://tenant1.example.com/cb', true],
    ['https://*.example.com/cb', 'https://example.com/cb', false],
    ['https://*.example.com/cb', 'https://a.b.example.com/cb', false],
    ['https://*.example.com/cb', 'https://evil.com/x.example.com/cb', false],
    ['com.example.app://callback', 'com.example.app://callback', true],
    ['not a pattern', 'http://127.0.0.1/cb', false],
  ])('%s admits %s: %s', (pattern, uri, expected) => {
    expect(callbackMatches(pattern, uri)).toBe(expected);
  });

  it('never admits a redirect URI with a fragment or user info, whatever the pattern', () => {
    expect(callbackMatches('http://127.0.0.1/*', 'http://127.0.0.1/cb#x')).toBe(false);
    expect(callbackMatches('http://127.0.0.1/*', 'http://127.0.0.1/cb#')).toBe(false);
    expect(callbackMatches('http://127.0.0.1/*', 'http://me@127.0.0.1/cb')).toBe(false);
  });
});

describe('redirectUriProblem', () => {
  it('names what makes a URI unusable (B-LINK-9)', () => {
    expect(redirectUriProblem('http://127.0.0.1/cb')).toBeUndefined();
    expect(redirectUriProblem('/cb')).toBe('it is not an absolute URL');
    expect(redirectUriProblem('http://127.0.0.1/cb#f')).toMatch(/^it has a fragment/);
    expect(redirectUriProblem('http://a:b@127.0.0.1/cb')).toBe('it has user info (user@host)');
  });
});

describe('isAllowedCallback', () => {
  it('admits a URI that any pattern admits, and nothing with no patterns (B-LINK-9)', () => {
    expect(isAllowedCallback(['https://a.example/cb', 'http://localhost/*'], 'http://localhost:3000/x')).toBe(true);
    expect(isAllowedCallback([], 'http://localhost:3000/x')).toBe(false);
  });
});
