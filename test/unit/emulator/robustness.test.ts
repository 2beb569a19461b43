// No client input may crash the emulator or get a 500: every malformed request is a JSON 4xx.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, expectError, NATIVE, OTP_GRANT, start, type Answer } from './helpers.ts';

let emu: RunningEmulator;
const lines: string[] = [];
let explode = false;

beforeAll(async () => {
  const clock = {
    now(): number {
      if (explode) throw new Error('clock exploded');
      return Date.now();
    },
  };
  // Limits on (so malformed bodies also pass the rate-limit wrapper's peek), but too high to refuse.
  emu = await start({ clock, onMessage: (line) => lines.push(line), limits: { startPerHour: 1_000_000, tokenPerSecond: 1_000_000 } });
});
afterAll(() => emu.close());

function expectClientError(answer: Answer): void {
  expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.text).toBeLessThan(500);
  expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(typeof answer.body.error).toBe('string');
  expect(typeof answer.body.error_description).toBe('string');
}

const json = 'application/json';
const form = 'application/x-www-form-urlencoded';
const big = 'x'.repeat(100 * 1024);
const invalidUtf8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);

const bodies: Array<[string, string, string | Uint8Array]> = [
  ['truncated JSON', json, '{"client_id":'],
  ['an array', json, '[]'],
  ['an array of objects', json, '[{"client_id":"emulator-native"}]'],
  ['null', json, 'null'],
  ['a number', json, '42'],
  ['a string', json, '"hello"'],
  ['true', json, 'true'],
  ['empty', json, ''],
  ['whitespace', json, '   \n'],
  ['a BOM', json, '\uFEFF{}'],
  ['deep nesting', json, '['.repeat(60_000)],
  ['invalid UTF-8', json, invalidUtf8],
  ['null fields', json, '{"client_id":null,"connection":null,"grant_type":null}'],
  ['array fields', json, '{"client_id":["emulator-native"],"grant_type":["x"],"connection":["email"]}'],
  ['object fields', json, '{"client_id":{},"grant_type":{},"username":{"a":1}}'],
  ['number fields', json, '{"client_id":1,"grant_type":2,"otp":123456}'],
  ['__proto__', json, '{"__proto__":{"client_id":"emulator-native"},"constructor":1}'],
  ['a 100 KiB JSON body', json, JSON.stringify({ client_id: big })],
  ['a 100 KiB form body', form, `client_id=${big}`],
  ['bad percent-encoding', form, 'client_id=%zz&grant_type=%'],
  ['truncated UTF-8 escape', form, 'client_id=%E0%A4%A'],
  ['a lone percent', form, '%'],
  ['duplicate parameters', form, `client_id=${NATIVE}&client_id=${NATIVE}&grant_type=x`],
  ['only separators', form, '&&&=&='],
  ['form to a JSON endpoint', form, 'a=b'],
  ['text/plain', 'text/plain', 'hello'],
  ['a multipart body', 'multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
];

describe.each(['/passwordless/start', '/oauth/token', '/__emulator/clock', '/__emulator/faults'])('POST %s', (path) => {
  it.each(bodies)('answers 4xx to %s (E-ROBUST-1)', async (_name, type, body) => {
    expectClientError(await call(emu, path, { method: 'POST', headers: { 'content-type': type }, body }));
  });

  it('answers 413 to a body over 64 KiB (E-ROBUST-2)', async () => {
    const answer = await call(emu, path, { method: 'POST', headers: { 'content-type': json }, body: JSON.stringify({ big }) });
    expectError(answer, 413, 'request_too_large', 'The request body is larger than 65536 bytes.');
  });
});

describe('headers, queries and request targets', () => {
  const tokenParams = `grant_type=${encodeURIComponent(OTP_GRANT)}&username=a@b.co&realm=email&otp=1`;

  it.each([
    ['Basic'],
    ['Basic !!!'],
    [`Basic ${Buffer.from('no-colon').toString('base64')}`],
    [`Basic ${Buffer.from('%zz:secret').toString('base64')}`],
    [`Basic ${Buffer.from(':').toString('base64')}`],
  ])('answers 4xx to the client authorization %j (E-ROBUST-1)', async (authorization) => {
    const answer = await call(emu, '/oauth/token', { method: 'POST', headers: { 'content-type': form, authorization }, body: tokenParams });
    expectClientError(answer);
  });

  it.each(['Bearer', `Bearer ${'a'.repeat(10_000)}`, 'Bearer a.b.c', 'Bearer ....', 'Bearer eyJ.eyJ.x', 'bearer  x y'])(
    'answers 401 to the userinfo authorization %j (E-ROBUST-1, B-USERINFO-1)',
    async (authorization) => {
      const answer = await call(emu, '/userinfo', { headers: { authorization } });
      expectClientError(answer);
      expect(answer.status).toBe(401);
    },
  );

  it.each(['?to=%zz&timeout_ms=0', '?to=%00&since=00000000000000000000&timeout_ms=0', '?to=a&since=99999999999999999', '?to=a&timeout_ms=%20', '?to[]=a'])(
    'answers 4xx to the wait query %s (E-ROBUST-1)',
    async (query) => {
      expectClientError(await call(emu, `/__emulator/outbox/wait${query}`));
    },
  );

  async function raw(request: string): Promise<string> {
    const { hostname, port } = new URL(emu.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.end(request));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
  }

  it.each([
    ['OPTIONS * HTTP/1.1'],
    ['GET //oauth/token HTTP/1.1'],
    ['GET /%ZZ HTTP/1.1'],
    ['GET /passwordless/start%00 HTTP/1.1'],
    ['GET http://other.example/__emulator/nothing HTTP/1.1'],
  ])('answers 4xx to the raw request line %j (E-ROBUST-1)', async (line) => {
    const answer = await raw(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(answer).toMatch(/\r\n\r\n\{"error":"[a-z_]+","error_description":"[^"]+"\}$/);
  });

  it.each([
    ['a broken request line', 'NOT HTTP AT ALL\r\n\r\n', /^HTTP\/1\.1 400 /],
    ['a broken header', 'GET / HTTP/1.1\r\nHost x\r\n\r\n', /^HTTP\/1\.1 400 /],
    ['huge headers', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, /^HTTP\/1\.1 431 /],
  ])('answers unparsable HTTP (%s) with a JSON error (E-ROBUST-1)', async (_name, request, status) => {
    const answer = await raw(request);
    expect(answer).toMatch(status);
    expect(answer).toMatch(/\r\n\r\n\{"error":"invalid_request","error_description":"[^"]+"\}$/);
  });

  it('answers 413 from the declared length without reading the body (E-ROBUST-2)', async () => {
    const answer = await raw('POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });
});

describe('unexpected errors', () => {
  it('answer 500 server_error without details and are reported through onMessage (E-ROBUST-3)', async () => {
    explode = true;
    try {
      const answer = await call(emu, '/passwordless/start', {
        method: 'POST',
        headers: { 'content-type': json },
        body: JSON.stringify({ client_id: NATIVE, connection: 'email', email: 'a@b.co', send: 'code' }),
      });
      expectError(answer, 500, 'server_error', 'The emulator failed unexpectedly; its log has the details.');
    } finally {
      explode = false;
    }
    expect(lines.filter((line) => line.startsWith('[error]'))).toEqual([
      expect.stringMatching(/^\[error\] POST \/passwordless\/start: Error: clock exploded\n/),
    ]);
  });

  it('are the only 500s: the emulator still answers after all of the above (E-ROBUST-1, E-ROBUST-3)', async () => {
    expect((await call(emu, '/__emulator/health')).status).toBe(200);
    expect(lines.filter((line) => line.startsWith('[error]'))).toHaveLength(1);
  });
});
