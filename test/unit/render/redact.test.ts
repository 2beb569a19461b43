import { describe, expect, it } from 'vitest';
import { maskField, maskSecret, redactBody, redactHeader, redactJson, redactUrl, shortenToken } from '../../../src/render/redact.ts';

describe('redaction', () => {
  it('masks a secret to its last four characters, or entirely when it is short', () => {
    expect(maskSecret('emulator-web-secret')).toBe('••••cret');
    expect(maskSecret('123456')).toBe('••••');
  });

  it('shortens a token to its public header and length', () => {
    const token = `eyJhbGciOiJSUzI1NiJ9.${'a'.repeat(100)}.${'b'.repeat(40)}`;
    expect(shortenToken(token)).toBe(`eyJhbGciOiJSUzI1… (${token.length} chars)`);
    expect(shortenToken(token)).not.toContain('bbbb');
  });

  it('redacts secret fields of form bodies and keeps the rest', () => {
    const body = 'grant_type=http%3A%2F%2Fauth0.com%2Foauth%2Fgrant-type%2Fpasswordless%2Fotp&client_id=web&client_secret=s3cr3t-value-9876&otp=123456';
    const out = redactBody(body, 'application/x-www-form-urlencoded');
    expect(out).toContain('client_id=web');
    expect(out).toContain('grant_type=http://auth0.com/oauth/grant-type/passwordless/otp');
    expect(out).not.toContain('s3cr3t');
    expect(out).not.toContain('123456');
    expect(out).toContain('client_secret=••••9876');
  });

  it('redacts secret fields at any depth of a JSON body', () => {
    const body = JSON.stringify({ access_token: 'at.very-secret-token-abcd', nested: { refresh_token: 'v1.refresh-zzzz', ok: 1 }, list: [{ otp: '654321' }] });
    const out = redactBody(body, 'application/json');
    expect(out).not.toMatch(/very|refresh-|654321/);
    expect(JSON.parse(out)).toEqual({ access_token: '••••abcd', nested: { refresh_token: '••••zzzz', ok: 1 }, list: [{ otp: '••••' }] });
    expect(redactJson(null)).toBeNull();
  });

  it('keeps only the scheme of an Authorization header', () => {
    expect(redactHeader('Authorization', 'Basic ZW11bGF0b3Itd2ViOnNlY3JldA==')).toBe('Basic ••••');
    expect(redactHeader('content-type', 'application/json')).toBe('application/json');
  });
});

describe('maskField', () => {
  it('keeps a JWT readable but unusable: header and payload, no signature', () => {
    expect(maskField('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')).toBe('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.••••');
    expect(maskField('v1.opaque-refresh-token-abcd')).toBe('••••abcd');
  });
});

describe('redactUrl', () => {
  it('masks the secret parameters of a query and a fragment, and nothing else', () => {
    const link = 'http://127.0.0.1:4010/passwordless/verify_redirect?client_id=web&email=a%40b.co&verification_code=942419&state=s1';
    expect(redactUrl(link)).not.toContain('942419');
    expect(redactUrl(link)).toContain('client_id=web');
    expect(redactUrl(link)).toContain('state=s1');
    const implicit = 'http://127.0.0.1/callback#access_token=SECRETACCESSTOKEN1234567890&state=s1&expires_in=7200';
    expect(redactUrl(implicit)).not.toContain('SECRETACCESSTOKEN');
    expect(redactHeader('location', 'http://127.0.0.1/callback?code=AUTHCODE1234567&state=s')).not.toContain('AUTHCODE');
  });
  it('reaches URLs inside JSON bodies, such as an outbox link', () => {
    const body = JSON.stringify({ messages: [{ code: '942419', link: 'http://h/passwordless/verify_redirect?verification_code=942419' }] });
    expect(redactBody(body, 'application/json')).not.toContain('942419');
  });
});

describe('redactBody on bodies that are not JSON', () => {
  it('masks codes in links and tokens anywhere in the text', () => {
    const text = redactBody(
      'Found. Redirecting to https://app.example.com/cb?code=AUTHCODE123456&state=s1 and eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl',
      'text/plain',
    );
    expect(text).not.toContain('AUTHCODE123456');
    expect(text).not.toContain('c2lnbmF0dXJlc2lnbmF0dXJl');
    expect(text).toContain('state=s1');
    expect(redactBody('<a href="https://t/passwordless/verify_redirect?verification_code=987654&amp;email=a">x</a>', 'text/html')).not.toContain('987654');
  });

  it('masks a token wherever it starts a word, and reads a run of header-like text in one pass', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl';
    for (const around of [(t: string) => t, (t: string) => `<b>${t}</b>`, (t: string) => `x.${t} y`, (t: string) => `(${t})`, (t: string) => `a=${t}&b`]) {
      const text = redactBody(around(jwt), 'text/plain');
      expect(text).toBe(around('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.••••'));
    }
    // Each eyJ of this run used to start a scan to its end: quadratic (855 ms at 60 KB). It holds no token.
    const run = `${'eyJ'.repeat(20_000)}.x`;
    expect(redactBody(run, 'text/plain')).toBe(`${run.slice(0, 200)}… (${run.length} bytes)`);
  });
});
