/** The --trace-file HAR recorder and its redaction: exchanges given by hand, the file in a temp dir. */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/core/errors.ts';
import type { TraceRequest } from '../../../src/core/http.ts';
import { harRedactor } from '../../../src/render/har-redact.ts';
import { harRecorder } from '../../../src/render/har.ts';
import { maskJwt, maskPiiJson, maskPiiText } from '../../../src/render/pii.ts';

const dir = mkdtempSync(join(tmpdir(), 'pwless-har-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = b64({ alg: 'RS256', kid: 'k1' });
const CLAIMS = { sub: 'email|abc', email: 'jane.doe@example.com', name: 'Jane Doe', phone_number: '+15550100', aud: 'client-1' };
const JWT = `${HEADER}.${b64(CLAIMS)}.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU`;

const tokenRequest = (): TraceRequest => ({
  method: 'POST',
  url: 'http://127.0.0.1:4010/oauth/token',
  headers: { 'user-agent': 'pwless/0', 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic ZW11bGF0b3I6c2VjcmV0' },
  body: 'grant_type=http%3A%2F%2Fauth0.com%2Foauth%2Fgrant-type%2Fpasswordless%2Fotp&client_id=web&client_secret=very-secret-1234&username=jane.doe%40example.com&otp=123456',
  startedAt: new Date('2026-11-26T08:00:00.000Z'),
});

describe('harRecorder', () => {
  it('writes a HAR 1.2 log with one entry per exchange, redacted, mode 0600 even over an existing file', () => {
    const path = join(dir, 'a.har');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    const har = harRecorder(path, { pii: false });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const request = tokenRequest();
    har.request(request);
    const text = JSON.stringify({ access_token: 'opaque-access-token-9876', id_token: JWT, refresh_token: 'v1.refresh-secret-abcd' });
    har.response({
      request,
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: { 'content-type': 'application/json', 'set-cookie': 'did=1' },
      text,
      headersMs: 12,
      ms: 15,
      serverIPAddress: '127.0.0.1',
    });
    har.write();
    const written = readFileSync(path, 'utf8');
    const { log } = JSON.parse(written);
    expect(log.version).toBe('1.2');
    expect(log.creator.name).toBe('pwless');
    const [entry] = log.entries;
    expect(entry).toMatchObject({
      startedDateTime: '2026-11-26T08:00:00.000Z',
      time: 15,
      cache: {},
      timings: { send: 0, wait: 12, receive: 3 },
      serverIPAddress: '127.0.0.1',
    });
    expect(entry.request).toMatchObject({
      method: 'POST',
      url: 'http://127.0.0.1:4010/oauth/token',
      httpVersion: 'HTTP/1.1',
      queryString: [],
      headersSize: -1,
      bodySize: Buffer.byteLength(request.body!),
    });
    expect(entry.request.headers).toEqual(
      expect.arrayContaining([
        { name: 'host', value: '127.0.0.1:4010' },
        { name: 'authorization', value: 'Basic ••••' },
      ]),
    );
    expect(new URLSearchParams(entry.request.postData.text).get('client_secret')).toBe('••••1234');
    expect(new URLSearchParams(entry.request.postData.text).get('username')).toBe('••••@example.com');
    expect(entry.response).toMatchObject({ status: 200, statusText: 'OK', content: { size: Buffer.byteLength(text), mimeType: 'application/json' } });
    expect(entry.response.headers).toContainEqual({ name: 'set-cookie', value: '••••' });
    const body = JSON.parse(entry.response.content.text);
    expect(body.access_token).toBe('••••9876');
    expect(body.refresh_token).toBe('••••abcd');
    const [header, payload, signature] = (body.id_token as string).split('.');
    expect([header, signature]).toEqual([HEADER, '••••']);
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toEqual({ ...CLAIMS, email: '••••', name: '••••', phone_number: '••••' });
    for (const leak of ['123456', 'very-secret', 'jane.doe', 'Jane Doe', '+15550100', 'opaque-access-token', 'refresh-secret', JWT.split('.')[2]])
      expect(written).not.toContain(leak);
  });

  it('records an exchange without a response as status 0 with its error', () => {
    const har = harRecorder(join(dir, 'b.har'), { pii: false });
    const request: TraceRequest = {
      method: 'GET',
      url: 'https://tenant.example.com/.well-known/jwks.json?login_hint=jane%40example.com',
      headers: {},
      body: undefined,
      startedAt: new Date(),
    };
    har.failure?.(request, new NetworkError('No answer from jane@example.com within 1 s.', { code: 'timeout' }), 1000);
    const [entry] = har.document().log.entries;
    expect(entry!.response).toMatchObject({ status: 0, httpVersion: '', _error: { code: 'timeout', message: 'No answer from ••••@example.com within 1 s.' } });
    expect(entry!.request.queryString).toEqual([{ name: 'login_hint', value: '••••@example.com' }]);
    expect(entry!.request.bodySize).toBe(0);
    expect(entry!.request.postData).toBeUndefined();
  });
});

describe('harRedactor', () => {
  it('masks codes in URLs, links inside JSON and HTML, whatever the encoding', () => {
    const redact = harRedactor({ pii: false });
    const link = 'http://127.0.0.1:4010/passwordless/verify_redirect?verification_code=987654&email=jane%40example.com';
    expect(redact.url(link)).not.toMatch(/987654|jane/);
    expect(redact.body(JSON.stringify({ messages: [{ to: 'jane@example.com', code: '987654', link }] }), 'application/json')).not.toMatch(/987654|jane/);
    expect(redact.body(`<a href="${link}">log in</a>`, 'text/html')).not.toMatch(/987654|jane/);
    expect(redact.header('location', `https://app.example.com/cb#id_token=${JWT}&state=s`)).not.toContain(JWT.split('.')[2]);
  });

  it('with --trace-pii keeps personal data, and still masks secrets and signatures', () => {
    const redact = harRedactor({ pii: true });
    const out = redact.body(JSON.stringify({ email: 'jane@example.com', otp: '123456', id_token: JWT }), 'application/json');
    expect(JSON.parse(out)).toEqual({ email: 'jane@example.com', otp: '••••', id_token: `${HEADER}.${b64(CLAIMS)}.••••` });
  });
});

describe('PII masking', () => {
  it('masks emails (keeping the domain) and E.164 phone numbers (keeping two digits) in text', () => {
    expect(maskPiiText('to jane.doe+x@mail.example.co.uk and +447911123456, not 2026-11-26 or 1796123153')).toBe(
      'to ••••@mail.example.co.uk and +••••56, not 2026-11-26 or 1796123153',
    );
  });

  it('masks identity claims whole, and strings elsewhere by pattern', () => {
    expect(maskPiiJson({ name: 'Jane', nickname: 'jd', picture: 'https://s.gravatar.com/avatar/abc', sub: 'sms|1', note: ['call +15550100'] })).toEqual({
      name: '••••',
      nickname: '••••',
      picture: '••••',
      sub: 'sms|1',
      note: ['call +••••00'],
    });
  });

  it('re-encodes a JWT payload with its claims masked and drops the signature; garbage payloads are masked whole', () => {
    const [, payload] = maskJwt(JWT, false).split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString()).email).toBe('••••');
    expect(maskJwt(`${HEADER}.eyJnotjson.sig`, false)).toBe(`${HEADER}.••••.••••`);
  });
});
