// POST /passwordless/start: docs/auth0-behaviour.md B-START-*, B-START-ERR-* (exact texts), B-APP-* (client authentication).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, expectError, NATIVE, postJson, start, WEB, WEB_SECRET, type Answer } from './helpers.ts';

let emu: RunningEmulator;
const lines: string[] = [];

beforeAll(async () => {
  emu = await start({ onMessage: (line) => lines.push(line) });
});
afterAll(() => emu.close());

const startWith = (body: unknown, headers?: Record<string, string>): Promise<Answer> => postJson(emu, '/passwordless/start', body, headers);
const email = { client_id: NATIVE, connection: 'email', email: 'user@example.com', send: 'code' };
const sms = { client_id: NATIVE, connection: 'sms', phone_number: '+15550100', send: 'code' };

describe('success', () => {
  it('answers an email start with _id, email and email_verified false (B-START-9)', async () => {
    const answer = await startWith(email);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ _id: expect.stringMatching(/^[0-9a-f]{24}$/), email: 'user@example.com', email_verified: false });
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('answers an sms start with _id, phone_number and request_language (null without the header) (B-START-8, B-START-9)', async () => {
    const answer = await startWith(sms);
    expect(answer.body).toEqual({ _id: expect.stringMatching(/^[0-9a-f]{24}$/), phone_number: '+15550100', request_language: null });
    const withLanguage = await startWith(sms, { 'x-request-language': 'fr-FR' });
    expect(withLanguage.body.request_language).toBe('fr-FR');
  });

  it('reports one outbox line per message with the code and lifetime (E-RUN-6)', async () => {
    lines.length = 0;
    await startWith({ ...email, email: 'line@example.com' });
    expect(lines).toEqual([expect.stringMatching(/^\[outbox\] email code to line@example\.com: \d{6} \(expires in 300s\)$/)]);
  });

  it('sends a link when send is absent or null (B-START-4)', async () => {
    for (const send of [undefined, null]) {
      const { send: _omit, ...body } = email;
      await startWith(send === undefined ? body : { ...body, send });
      const outbox = await call(emu, '/__emulator/outbox?to=user@example.com');
      expect(outbox.body.messages[0]).toMatchObject({ send: 'link', link: expect.stringContaining('/passwordless/verify_redirect?') });
    }
  });

  it('accepts a regular web app with its secret (B-START-3)', async () => {
    const answer = await startWith({ ...email, client_id: WEB, client_secret: WEB_SECRET });
    expect(answer.status).toBe(200);
  });
});

describe('validation, in the order of B-START-ERR-1…B-START-ERR-12, with the exact texts', () => {
  const cases: Array<[string, unknown, string, string]> = [
    ['missing client_id', { connection: 'email', email: 'a@b.co' }, 'bad.client_id', 'Missing required property: client_id'],
    ['client_id of a wrong type', { ...email, client_id: 7 }, 'bad.client_id', 'error in client_id - invalid type: number (expected string)'],
    ['missing connection', { client_id: NATIVE, email: 'a@b.co' }, 'bad.connection', 'Missing required property: connection'],
    ['connection null', { ...email, connection: null }, 'bad.connection', 'error in connection - invalid type: null (expected string)'],
    ['unknown connection', { ...email, connection: 'google-oauth2' }, 'bad.connection', 'Connection does not exist'],
    ['send not in the enum', { ...email, send: 'fax' }, 'bad.send', 'error in send - No enum match for: fax'],
    ['send of a wrong type', { ...email, send: true }, 'bad.send', 'error in send - invalid type: boolean (expected string)'],
    ['authParams a string', { ...email, authParams: 'x' }, 'bad.authParams', 'error in authParams - invalid type: string (expected object)'],
    ['authParams an array', { ...email, authParams: [] }, 'bad.authParams', 'error in authParams - invalid type: array (expected object)'],
    ['authParams null', { ...email, authParams: null }, 'bad.authParams', 'error in authParams - invalid type: null (expected object)'],
    ['unknown properties', { ...email, foo: 1, bar: 2 }, 'bad.request', 'the following properties are not allowed: foo, bar'],
    ['missing email', { client_id: NATIVE, connection: 'email' }, 'bad.email', 'Missing required property: email'],
    ['email of a wrong type', { ...email, email: ['a@b.co'] }, 'bad.email', 'error in email - invalid type: array (expected string)'],
    ['bad email', { ...email, email: 'not-an-email' }, 'bad.email', 'error in email - email format validation failed: not-an-email'],
    ['missing phone_number', { client_id: NATIVE, connection: 'sms' }, 'bad.phone_number', 'Missing required property: phone_number'],
    ['bad phone_number', { ...sms, phone_number: '555-0100' }, 'bad.phone_number', 'String does not match pattern: ^\\+[0-9]{1,15}$'],
    ['too long phone_number', { ...sms, phone_number: '+1234567890123456' }, 'bad.phone_number', 'String does not match pattern: ^\\+[0-9]{1,15}$'],
    ['client_secret of a wrong type', { ...email, client_secret: 1 }, 'bad.client_secret', 'error in client_secret - invalid type: number (expected string)'],
  ];
  it.each(cases)('%s', async (_name, body, error, description) => {
    expectError(await startWith(body), 400, error, description);
  });

  it('checks connection before send before authParams before properties before email', async () => {
    const all = { client_id: NATIVE, connection: 'nope', send: 'fax', authParams: 1, extra: 1, email: 'x' };
    expectError(await startWith(all), 400, 'bad.connection', 'Connection does not exist');
    expectError(await startWith({ ...all, connection: 'email' }), 400, 'bad.send', 'error in send - No enum match for: fax');
    expectError(
      await startWith({ ...all, connection: 'email', send: 'code' }),
      400,
      'bad.authParams',
      'error in authParams - invalid type: number (expected object)',
    );
    expectError(
      await startWith({ ...all, connection: 'email', send: 'code', authParams: {} }),
      400,
      'bad.request',
      'the following properties are not allowed: extra',
    );
  });

  it('refuses a connection that is not enabled for the client (B-START-ERR-5)', async () => {
    const connection = emu.tenant.connections.find((c) => c.name === 'sms')!;
    const saved = connection.enabled_clients;
    connection.enabled_clients = [WEB];
    try {
      expectError(await startWith(sms), 400, 'bad.connection', 'Connection is disabled');
    } finally {
      connection.enabled_clients = saved;
    }
  });

  it('refuses non-JSON bodies with bad.request (B-START-1)', async () => {
    const form = await call(emu, '/passwordless/start', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=x',
    });
    expectError(form, 400, 'bad.request', 'Content-Type must be application/json, not application/x-www-form-urlencoded.');
    const none = await call(emu, '/passwordless/start', { method: 'POST', body: new Uint8Array([1]) });
    expectError(none, 400, 'bad.request', 'Content-Type must be application/json.');
    expectError(await startWith('{"client_id":'), 400, 'bad.request', expect.stringMatching(/^The request body is not valid JSON \(/) as never);
    expectError(await startWith('[]'), 400, 'bad.request', 'The request body must be a JSON object, not an array.');
    expectError(await startWith(''), 400, 'bad.request', 'The request body is empty; send a JSON object.');
  });
});

describe('client authentication (B-APP-3, B-APP-5)', () => {
  it('refuses an unknown client with 401 unauthorized_client (emulator choice, B-START-ERR-2)', async () => {
    expectError(await startWith({ ...email, client_id: 'nobody' }), 401, 'unauthorized_client', 'Unknown client.');
  });

  it('requires the secret of a regular web app (B-START-ERR-13)', async () => {
    expectError(await startWith({ ...email, client_id: WEB }), 403, 'unauthorized_client', 'Client authentication is required');
  });

  it('refuses a wrong secret with 401 access_denied (B-START-ERR-14)', async () => {
    expectError(await startWith({ ...email, client_id: WEB, client_secret: 'wrong' }), 401, 'access_denied', 'Unauthorized');
  });

  it('refuses a secret sent by a public client (401 invalid_client, B-START-ERR-15)', async () => {
    expectError(await startWith({ ...email, client_secret: 'whatever' }), 401, 'invalid_client', 'Public clients (native, spa) must not send a client_secret.');
  });
});
