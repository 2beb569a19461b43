import { describe, expect, it } from 'vitest';
import { useMockAgent } from '../helpers/mock-agent.ts';
import { CodeRejectedError, NetworkError, RateLimitedError, TenantRefusedError } from '../../../src/core/errors.ts';
import { processStartResponse, startRequest } from '../../../src/core/passwordless.ts';
import { PASSWORDLESS_OTP_GRANT, otpGrantRequest, processTokenResponse } from '../../../src/core/token-endpoint.ts';

const BASE = new URL('https://tenant.example.com');
const http = { timeoutMs: 2000 };
const mock = useMockAgent();

const pool = () => mock().get(BASE.origin);

describe('POST /passwordless/start', () => {
  it('sends send explicitly, the secret only when given, and no empty authParams', async () => {
    let sent: Record<string, unknown> = {};
    let headers: Record<string, string> = {};
    pool()
      .intercept({ path: '/passwordless/start', method: 'POST' })
      .reply((opts) => {
        sent = JSON.parse(String(opts.body));
        headers = opts.headers as Record<string, string>;
        return { statusCode: 200, data: { _id: 'abc', email: 'a@b.co', email_verified: false } };
      });
    const res = await startRequest(
      BASE,
      {
        clientId: 'web',
        clientSecret: 'sec',
        connection: 'email',
        channel: 'email',
        identity: 'a@b.co',
        send: 'code',
        authParams: {},
        language: 'fr',
        forwardedFor: '203.0.113.7',
      },
      http,
    );
    expect(processStartResponse(res).id).toBe('abc');
    expect(sent).toEqual({ client_id: 'web', client_secret: 'sec', connection: 'email', email: 'a@b.co', send: 'code' });
    expect(headers['x-request-language']).toBe('fr');
    expect(headers['auth0-forwarded-for']).toBe('203.0.113.7');
    expect(headers['user-agent']).toMatch(/^pwless\//);
  });

  it('accepts an empty 200 body (some tenants and SDK fixtures send none)', async () => {
    pool().intercept({ path: '/passwordless/start', method: 'POST' }).reply(200, '');
    const res = await startRequest(BASE, { clientId: 'n', connection: 'sms', channel: 'sms', identity: '+15550100', send: 'code' }, http);
    expect(processStartResponse(res)).toEqual({ id: undefined, body: {}, warnings: [] });
  });

  it('turns bad.phone_number into a tenant refusal with the description verbatim and a hint', async () => {
    pool()
      .intercept({ path: '/passwordless/start', method: 'POST' })
      .reply(400, { error: 'bad.phone_number', error_description: 'String does not match pattern: ^\\+[0-9]{1,15}$' });
    const res = await startRequest(BASE, { clientId: 'n', connection: 'sms', channel: 'sms', identity: '+1', send: 'code' }, http);
    const error = catchSync(() => processStartResponse(res));
    expect(error).toBeInstanceOf(TenantRefusedError);
    expect(error).toMatchObject({ code: 'bad.phone_number', status: 400, message: 'String does not match pattern: ^\\+[0-9]{1,15}$' });
    expect((error as TenantRefusedError).hint).toContain('E.164');
  });

  it('reads legacy {code, description} bodies', async () => {
    pool().intercept({ path: '/passwordless/start', method: 'POST' }).reply(400, { code: 'bad.connection', description: 'Connection is disabled' });
    const res = await startRequest(BASE, { clientId: 'n', connection: 'email', channel: 'email', identity: 'a@b.co', send: 'code' }, http);
    expect(catchSync(() => processStartResponse(res))).toMatchObject({ code: 'bad.connection', message: 'Connection is disabled' });
  });

  it('classifies 429 as rate limited and keeps the rate-limit headers', async () => {
    pool()
      .intercept({ path: '/passwordless/start', method: 'POST' })
      .reply(
        429,
        { error: 'too_many_requests', error_description: 'Too many requests.' },
        { headers: { 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1790000000', 'retry-after': '60' } },
      );
    const res = await startRequest(BASE, { clientId: 'n', connection: 'email', channel: 'email', identity: 'a@b.co', send: 'code' }, http);
    const error = catchSync(() => processStartResponse(res)) as RateLimitedError;
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.headers).toEqual({ 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1790000000', 'retry-after': '60' });
  });

  it('makes an HTML 502 a server failure (exit 4) with its status and the page heading', async () => {
    pool()
      .intercept({ path: '/passwordless/start', method: 'POST' })
      .reply(502, '<html><title>502 Bad Gateway</title><h1>Bad gateway</h1></html>', { headers: { 'content-type': 'text/html' } });
    const res = await startRequest(BASE, { clientId: 'n', connection: 'email', channel: 'email', identity: 'a@b.co', send: 'code' }, http);
    const error = catchSync(() => processStartResponse(res));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'server_error', status: 502, message: 'POST /passwordless/start answered HTTP 502: Bad gateway.' });
  });

  it('makes a JSON 503 a server failure too, quoting its OAuth error', async () => {
    pool().intercept({ path: '/passwordless/start', method: 'POST' }).reply(503, { error: 'temporarily_unavailable', error_description: 'Try later' });
    const res = await startRequest(BASE, { clientId: 'n', connection: 'email', channel: 'email', identity: 'a@b.co', send: 'code' }, http);
    expect(catchSync(() => processStartResponse(res))).toMatchObject({
      family: 'network',
      code: 'server_error',
      status: 503,
      message: 'POST /passwordless/start answered HTTP 503: temporarily_unavailable: Try later.',
    });
  });

  it('takes a 200 that is not JSON as sent, with a warning (the code is on its way)', async () => {
    pool()
      .intercept({ path: '/passwordless/start', method: 'POST' })
      .reply(200, '<html><p>OK</p></html>', { headers: { 'content-type': 'text/html' } });
    const res = await startRequest(BASE, { clientId: 'n', connection: 'email', channel: 'email', identity: 'a@b.co', send: 'code' }, http);
    const result = processStartResponse(res);
    expect(result.body).toEqual({});
    expect(result.warnings).toEqual(['POST /passwordless/start answered HTTP 200 with a body that is not JSON (text/html): OK; taking it as sent.']);
  });

  it('shows the status and first line of a 4xx that is not an OAuth error, as exit 4', async () => {
    pool()
      .intercept({ path: '/passwordless/start', method: 'POST' })
      .reply(403, 'Forbidden by policy\nrequest id 42', { headers: { 'content-type': 'text/plain' } });
    const res = await startRequest(BASE, { clientId: 'n', connection: 'email', channel: 'email', identity: 'a@b.co', send: 'code' }, http);
    expect(catchSync(() => processStartResponse(res))).toMatchObject({
      family: 'network',
      code: 'invalid_response',
      status: 403,
      message: 'POST /passwordless/start answered HTTP 403 with a body that is not an OAuth error (text/plain): Forbidden by policy',
    });
  });

  it('refuses a redirect from an API endpoint (exit 4), naming where it pointed without its query', async () => {
    pool()
      .intercept({ path: '/passwordless/start', method: 'POST' })
      .reply(302, '', { headers: { location: 'https://login.example.com/sso?next=x' } });
    const res = await startRequest(BASE, { clientId: 'n', connection: 'email', channel: 'email', identity: 'a@b.co', send: 'code' }, http);
    expect(catchSync(() => processStartResponse(res))).toMatchObject({
      family: 'network',
      code: 'redirected',
      message: 'POST /passwordless/start answered HTTP 302, a redirect to https://login.example.com/sso, which pwless does not follow for API calls.',
    });
  });

  it('keeps a 429 a rate limit even when its body is a proxy page', async () => {
    pool()
      .intercept({ path: '/passwordless/start', method: 'POST' })
      .reply(429, '<h1>Slow down</h1>', { headers: { 'content-type': 'text/html', 'retry-after': '7' } });
    const res = await startRequest(BASE, { clientId: 'n', connection: 'email', channel: 'email', identity: 'a@b.co', send: 'code' }, http);
    expect(catchSync(() => processStartResponse(res))).toMatchObject({
      family: 'rate_limit',
      code: 'too_many_requests',
      status: 429,
      headers: { 'retry-after': '7' },
    });
  });
});

describe('POST /oauth/token (passwordless OTP)', () => {
  it('posts the grant form-encoded with realm, username and otp', async () => {
    let form = new URLSearchParams();
    pool()
      .intercept({ path: '/oauth/token', method: 'POST' })
      .reply((opts) => {
        form = new URLSearchParams(String(opts.body));
        return { statusCode: 200, data: { access_token: 'at', id_token: 'it', token_type: 'Bearer', expires_in: 86400, scope: 'openid' } };
      });
    const res = await otpGrantRequest(
      BASE,
      { clientId: 'native' },
      { realm: 'email', username: 'a@b.co', otp: '123456', scope: 'openid', audience: 'https://api' },
      http,
    );
    expect(processTokenResponse(res)).toEqual({
      access_token: 'at',
      id_token: 'it',
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid',
      refresh_token: undefined,
    });
    expect(Object.fromEntries(form)).toEqual({
      grant_type: PASSWORDLESS_OTP_GRANT,
      client_id: 'native',
      realm: 'email',
      username: 'a@b.co',
      otp: '123456',
      scope: 'openid',
      audience: 'https://api',
    });
  });

  it.each([
    ['Wrong email or verification code.'],
    ["You've reached the maximum number of attempts. Please try to login again."],
    ['The verification code has expired. Please try to login again.'],
  ])('maps invalid_grant "%s" to a rejected code', async (description) => {
    pool().intercept({ path: '/oauth/token', method: 'POST' }).reply(403, { error: 'invalid_grant', error_description: description });
    const res = await otpGrantRequest(BASE, { clientId: 'n' }, { realm: 'email', username: 'a@b.co', otp: '000000' }, http);
    const error = catchSync(() => processTokenResponse(res)) as CodeRejectedError;
    expect(error).toBeInstanceOf(CodeRejectedError);
    expect(error.message).toBe(description);
    expect(error.hint).toBeTruthy();
  });

  it('explains a disabled grant with the dashboard path', async () => {
    pool().intercept({ path: '/oauth/token', method: 'POST' }).reply(403, {
      error: 'unauthorized_client',
      error_description: "Grant type 'http://auth0.com/oauth/grant-type/passwordless/otp' not allowed for the client.",
      error_uri: 'https://auth0.com/docs/clients/client-grant-types',
    });
    const res = await otpGrantRequest(BASE, { clientId: 'n' }, { realm: 'email', username: 'a@b.co', otp: '1' }, http);
    const error = catchSync(() => processTokenResponse(res)) as TenantRefusedError;
    expect(error.hint).toContain('Advanced Settings > Grant Types');
    expect(error.body.error_uri).toBe('https://auth0.com/docs/clients/client-grant-types');
  });

  it.each([
    [{ token_type: 'Bearer', expires_in: 1 }, '"access_token" must be a non-empty string'],
    [{ access_token: 'a', expires_in: 1 }, '"token_type" must be a string'],
    [{ access_token: 'a', token_type: 'Bearer', expires_in: '1' }, EXPIRES_IN],
    [{ access_token: 'a', token_type: 'Bearer', expires_in: 0 }, EXPIRES_IN],
    [{ access_token: 'a', token_type: 'Bearer', expires_in: -1 }, EXPIRES_IN],
    [{ access_token: 'a', token_type: 'Bearer', expires_in: 1e20 }, EXPIRES_IN],
    [{ access_token: 'a', token_type: 'Bearer', expires_in: 315_360_001 }, EXPIRES_IN],
    [{ access_token: 'a', token_type: 'Bearer', expires_in: 1, id_token: 5 }, '"id_token" must be a string when present'],
  ])('refuses a malformed success body %j', async (body, what) => {
    pool().intercept({ path: '/oauth/token', method: 'POST' }).reply(200, body);
    const res = await otpGrantRequest(BASE, { clientId: 'n' }, { realm: 'email', username: 'a@b.co', otp: '1' }, http);
    const error = catchSync(() => processTokenResponse(res));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe(`The token response is malformed: ${what}.`);
  });

  it('refuses expires_in 1e400, which JSON.parse reads as Infinity and the store would save as null (issue 22, item 5)', async () => {
    pool()
      .intercept({ path: '/oauth/token', method: 'POST' })
      .reply(200, '{"access_token":"a","token_type":"Bearer","expires_in":1e400}', { headers: { 'content-type': 'application/json' } });
    const res = await otpGrantRequest(BASE, { clientId: 'n' }, { realm: 'email', username: 'a@b.co', otp: '1' }, http);
    const error = catchSync(() => processTokenResponse(res));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'invalid_response', message: `The token response is malformed: ${EXPIRES_IN}.` });
  });

  it('refuses a success body nested deeper than pwless reads, as an unreadable answer (exit 4)', async () => {
    pool()
      .intercept({ path: '/oauth/token', method: 'POST' })
      .reply(200, `{"access_token":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, { headers: { 'content-type': 'application/json' } });
    const res = await otpGrantRequest(BASE, { clientId: 'n' }, { realm: 'email', username: 'a@b.co', otp: '1' }, http);
    const error = catchSync(() => processTokenResponse(res));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.code).toBe('invalid_response');
    expect(error.message).toMatch(/^POST \/oauth\/token answered HTTP 200 with JSON nested deeper than 64 levels \(application\/json\): /);
  });

  it('turns a refused connection into a NetworkError with a hint', async () => {
    pool()
      .intercept({ path: '/oauth/token', method: 'POST' })
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const error = await otpGrantRequest(BASE, { clientId: 'n' }, { realm: 'email', username: 'a@b.co', otp: '1' }, http).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'connection_refused', message: 'tenant.example.com refused the connection.' });
  });
});

const EXPIRES_IN = '"expires_in" must be a number of seconds above 0 and at most 315360000 (10 years)';

function catchSync(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
