/**
 * The --curl recorder: quoting for POSIX sh (checked by running the words through a real `sh`,
 * which is no network), secrets as variables, and the printed block. Requests are given by hand.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/core/errors.ts';
import type { TraceRequest } from '../../../src/core/http.ts';
import { curlCommand, curlRecorder, headerWord, jsonWord, shellQuote, shellWord, urlWord, variableFor } from '../../../src/render/curl.ts';

/** What `sh` makes of the words: each argument it gets, as printf prints it. */
function shArgs(words: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync('sh', ['-c', `for a in ${words}; do printf '%s\\0' "$a"; done`], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const request = (overrides: Partial<TraceRequest>): TraceRequest => ({
  method: 'GET',
  url: 'http://127.0.0.1:4010/',
  headers: { 'user-agent': 'pwless/0', accept: 'application/json' },
  body: undefined,
  startedAt: new Date('2026-11-26T08:00:00.000Z'),
  ...overrides,
});

describe('shellQuote', () => {
  const awkward = [
    "it's",
    'two words',
    '$HOME and ${HOME}',
    '`id` and $(id)',
    'line one\nline two',
    'back\\slash',
    '"double"',
    "''",
    '',
    'a\'b"c$d`e\\f\ng',
    '*',
    '~',
    '!',
  ];
  for (const text of awkward) {
    it(`gives sh back exactly ${JSON.stringify(text)}`, () => {
      expect(shArgs(shellQuote(text))).toEqual([text]);
    });
  }

  it("writes a single quote as '\\'' and nothing else outside quotes", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('')).toBe("''");
  });
});

describe('shellWord', () => {
  it('expands variables and only them, as one word, whatever their value holds', () => {
    const word = shellWord([{ text: "a b '$X'=" }, { variable: 'OTP' }, { text: '`x`' }]);
    expect(word).toBe(`'a b '\\''$X'\\''='"$OTP"'\`x\`'`);
    expect(shArgs(word, { OTP: '12 3$4', X: 'no' })).toEqual(["a b '$X'=12 3$4`x`"]);
  });
});

describe('variableFor', () => {
  it('names a variable for each secret field and none for the others', () => {
    expect(variableFor('client_secret')).toBe('PWLESS_CLIENT_SECRET');
    expect(variableFor('otp')).toBe('OTP');
    expect(variableFor('code')).toBe('AUTH_CODE');
    expect(variableFor('verification_code')).toBe('VERIFICATION_CODE');
    expect(variableFor('refresh_token')).toBe('REFRESH_TOKEN');
    expect(variableFor('code_verifier')).toBe('CODE_VERIFIER');
    expect(variableFor('code_challenge')).toBe('CODE_CHALLENGE');
    expect(variableFor('client_id')).toBeUndefined();
    expect(variableFor('email')).toBeUndefined();
  });
});

describe('the parts of a request', () => {
  it('a URL: the verification_code of a link becomes a variable, the rest stays as sent', () => {
    const href = "http://127.0.0.1:4010/passwordless/verify_redirect?client_id=c&verification_code=842913&state=it's";
    const word = shellWord(urlWord(href));
    expect(word).not.toContain('842913');
    expect(shArgs(word, { VERIFICATION_CODE: '842913' })).toEqual([href]);
    expect(shellWord(urlWord('http://h/a?x=1'))).toBe("'http://h/a?x=1'");
  });

  it('an Authorization header keeps its scheme; a Bearer token is $ACCESS_TOKEN', () => {
    const word = shellWord(headerWord('authorization', 'Bearer eyJhbGciOi.eyJzdWIi.c2ln'));
    expect(word).toBe(`'authorization: Bearer '"$ACCESS_TOKEN"`);
    expect(shellWord(headerWord('authorization', 'Basic dXNlcjpwYXNz'))).toBe(`'authorization: Basic '"$CREDENTIALS"`);
    expect(shellWord(headerWord('x-request-language', "fr'"))).toBe(`'x-request-language: fr'\\'''`);
  });

  it('a JSON body: each secret string a variable inside its quotes, so that sh gives back valid JSON', () => {
    const body = {
      client_id: 'app "1"',
      client_secret: 'shh',
      send: 'link',
      authParams: { scope: 'openid', code_challenge: 'E9Melhoa2Owv', n: [1, null, true] },
    };
    const word = shellWord(jsonWord(body));
    expect(word).not.toContain('shh');
    expect(word).not.toContain('E9Melhoa2Owv');
    const [expanded] = shArgs(word, { PWLESS_CLIENT_SECRET: 'the secret', CODE_CHALLENGE: 'abc' });
    expect(JSON.parse(expanded ?? '')).toEqual({ ...body, client_secret: 'the secret', authParams: { ...body.authParams, code_challenge: 'abc' } });
  });
});

describe('curlCommand', () => {
  it('a form: one --data-urlencode per field, in order, secrets as variables; no -X for an inferred POST', () => {
    const { command, variables } = curlCommand(
      request({
        method: 'POST',
        url: 'http://127.0.0.1:4010/oauth/token',
        headers: { 'user-agent': 'pwless/0', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=refresh_token&client_id=web&refresh_token=v1.secret-refresh&client_secret=very-secret-1234&scope=openid+profile',
      }),
    );
    expect(command).toBe(
      "curl -sS -i 'http://127.0.0.1:4010/oauth/token' -H 'user-agent: pwless/0' -H 'content-type: application/x-www-form-urlencoded'" +
        ` --data-urlencode 'grant_type=refresh_token' --data-urlencode 'client_id=web' --data-urlencode 'refresh_token='"$REFRESH_TOKEN"` +
        ` --data-urlencode 'client_secret='"$PWLESS_CLIENT_SECRET" --data-urlencode 'scope=openid profile'`,
    );
    expect(variables).toEqual(['REFRESH_TOKEN', 'PWLESS_CLIENT_SECRET']);
    expect(command).not.toMatch(/secret-refresh|very-secret/);
  });

  it('names the method only when curl would not infer it, and follows no redirect', () => {
    expect(curlCommand(request({ method: 'DELETE' })).command).toMatch(/^curl -sS -i -X DELETE 'http/);
    expect(curlCommand(request({ method: 'POST' })).command).toMatch(/^curl -sS -i -X POST 'http/);
    expect(curlCommand(request({})).command).not.toMatch(/ -X | -L /);
  });

  it('a body that is neither form nor JSON is sent as it is', () => {
    const { command } = curlCommand(request({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: "a 'b'\n$c" }));
    expect(command.endsWith(` --data-raw 'a '\\''b'\\''\n$c'`)).toBe(true);
  });
});

describe('curlRecorder', () => {
  it('keeps the order the requests were sent in, says what pwless got, and which variables to set', () => {
    const curl = curlRecorder();
    const start = request({
      method: 'POST',
      url: 'http://127.0.0.1:4010/passwordless/start',
      headers: { 'content-type': 'application/json' },
      body: '{"client_id":"web","client_secret":"very-secret-1234"}',
    });
    const outbox = request({ url: 'http://127.0.0.1:4010/__emulator/outbox/wait?to=a%40example.com' });
    const token = request({
      method: 'POST',
      url: 'http://127.0.0.1:4010/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'otp=482913&client_secret=very-secret-1234',
    });
    curl.request(start);
    curl.request(outbox);
    curl.response({ request: start, status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: {}, text: '{}', headersMs: 1, ms: 2 });
    curl.response({
      request: outbox,
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: {},
      text: '{"messages":[{"code":"482913"}]}',
      headersMs: 1,
      ms: 2,
    });
    curl.request(token);
    curl.failure?.(token, new NetworkError('No answer.', { code: 'timeout' }), 30_000);

    expect(curl.commands()).toHaveLength(3);
    const lines = curl.lines();
    expect(lines[0]).toBe('# --curl: the 3 requests of this run, in order, for POSIX sh (like pwless, curl follows no redirect without -L).');
    expect(lines[1]).toBe('# The variables to set (pwless printed none of their values):');
    expect(lines[2]).toMatch(/^# {3}PWLESS_CLIENT_SECRET {2}the client secret/);
    expect(lines[3]).toMatch(
      /^# {3}OTP {19}the code from the message .*; each start voids the last one \(here: in messages\[0\]\.code of the answer to request 2\)$/,
    );
    expect(lines.slice(4).filter((l) => l.startsWith('#'))).toEqual([
      '# 1. POST /passwordless/start: pwless got HTTP 200',
      '# 2. GET /__emulator/outbox/wait: pwless got HTTP 200',
      '# 3. POST /oauth/token: pwless got no response (timeout)',
    ]);
    expect(lines.slice(4).filter((l) => !l.startsWith('#'))).toEqual(curl.commands());
    expect(lines.join('\n')).not.toMatch(/very-secret|482913/);
  });

  it('shows a PKCE pair once, with commands that make one', () => {
    const curl = curlRecorder();
    curl.request(request({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"authParams":{"code_challenge":"c"}}' }));
    curl.request(request({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'code=a&code_verifier=v' }));
    const setLines = curl.lines().filter((l) => l.startsWith('#   '));
    expect(setLines).toHaveLength(2);
    expect(setLines[0]).toMatch(/^# {3}CODE_VERIFIER, CODE_CHALLENGE {2}a PKCE pair \(RFC 7636 §4\.1-4\.2\): export CODE_VERIFIER=/);
    expect(setLines[1]).toMatch(/^# {3}AUTH_CODE {22}the code in the Location/);
    // The commands given make a pair the authorization server accepts: challenge = BASE64URL(SHA256(verifier)).
    const make = setLines[0]?.slice(setLines[0].indexOf('export ')) ?? '';
    const [verifier = '', challenge] = execFileSync('sh', ['-c', `${make}; printf '%s\\n' "$CODE_VERIFIER" "$CODE_CHALLENGE"`], { encoding: 'utf8' }).split(
      '\n',
    );
    expect(verifier).toMatch(/^[\w-]{43,128}$/);
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('with no request made, says so and asks for nothing', () => {
    expect(curlRecorder().lines()).toEqual([
      '# --curl: the 0 requests of this run, in order, for POSIX sh (like pwless, curl follows no redirect without -L).',
    ]);
  });
});
