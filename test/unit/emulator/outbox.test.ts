// The control API under /__emulator/ (design.md §4) and the magic-link shape (docs/auth0-behaviour.md, B-LINK-2).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, expectError, ManualClock, NATIVE, postJson, start } from './helpers.ts';
import { eventually } from '../../helpers/poll.ts';

let emu: RunningEmulator;
const clock = new ManualClock();

beforeAll(async () => {
  emu = await start({ clock });
});
afterAll(() => emu.close());
beforeEach(async () => {
  expect((await call(emu, '/__emulator/outbox', { method: 'DELETE' })).status).toBe(204);
});

const send = (body: Record<string, unknown>) => postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email', send: 'code', ...body });

describe('outbox', () => {
  it('answers health (E-OUTBOX-1)', async () => {
    const answer = await call(emu, '/__emulator/health');
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { status: 'ok', waiting: 0 } });
  });

  it('lists messages newest first, filtered by recipient (case-insensitive), with ISO times (E-OUTBOX-2)', async () => {
    await send({ email: 'a@example.com' });
    clock.advance(1000);
    await send({ email: 'b@example.com' });
    clock.advance(1000);
    await postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'sms', phone_number: '+15550100', send: 'code' });

    const all = await call(emu, '/__emulator/outbox');
    expect(all.body.messages.map((m: { to: string }) => m.to)).toEqual(['+15550100', 'b@example.com', 'a@example.com']);
    const created = new Date(clock.now()).toISOString();
    const expires = new Date(clock.now() + 300_000).toISOString();
    expect(all.body.messages[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      channel: 'sms',
      to: '+15550100',
      send: 'code',
      code: expect.stringMatching(/^\d{6}$/),
      link: null,
      created_at: created,
      expires_at: expires,
    });
    const onlyB = await call(emu, '/__emulator/outbox?to=B@Example.com');
    expect(onlyB.body.messages.map((m: { to: string }) => m.to)).toEqual(['b@example.com']);
  });

  it('builds magic links with the auth0.js buildVerifyUrl query (B-LINK-2)', async () => {
    await send({
      email: 'link@example.com',
      send: 'link',
      authParams: {
        redirect_uri: 'http://127.0.0.1:8484/cb',
        response_type: 'code',
        scope: 'openid email',
        state: 's t',
        nonce: 'n',
        audience: 'urn:example:api',
        response_mode: 'query',
        code_challenge: 'c'.repeat(43),
        code_challenge_method: 'S256',
        ignored: 'x',
        protocol: 7,
        audience_empty: '',
      },
    });
    const [message] = (await call(emu, '/__emulator/outbox?to=link@example.com')).body.messages;
    const link = new URL(message.link);
    expect(`${link.origin}${link.pathname}`).toBe(`${emu.url}/passwordless/verify_redirect`);
    expect([...link.searchParams]).toEqual([
      ['client_id', NATIVE],
      ['connection', 'email'],
      ['email', 'link@example.com'],
      ['verification_code', message.code],
      ['redirect_uri', 'http://127.0.0.1:8484/cb'],
      ['response_type', 'code'],
      ['scope', 'openid email'],
      ['state', 's t'],
      ['nonce', 'n'],
      ['audience', 'urn:example:api'],
      ['response_mode', 'query'],
      ['code_challenge', 'c'.repeat(43)],
      ['code_challenge_method', 'S256'],
    ]);
    await postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'sms', phone_number: '+15550100', send: 'link' });
    const [sms] = (await call(emu, '/__emulator/outbox?to=%2B15550100')).body.messages;
    expect(sms).toMatchObject({ channel: 'sms', send: 'link' });
    expect(new URL(sms.link).searchParams.get('phone_number')).toBe('+15550100');
  });

  it('clears messages with DELETE (E-OUTBOX-3)', async () => {
    await send({ email: 'gone@example.com' });
    const cleared = await call(emu, '/__emulator/outbox', { method: 'DELETE' });
    expect({ status: cleared.status, text: cleared.text }).toEqual({ status: 204, text: '' });
    expect((await call(emu, '/__emulator/outbox')).body).toEqual({ messages: [] });
  });
});

describe('outbox/wait', () => {
  it('answers at once when a newer message exists, with only the newer ones (E-OUTBOX-4)', async () => {
    await send({ email: 'w@example.com' });
    const since = clock.now();
    clock.advance(1);
    await send({ email: 'w@example.com' });
    const answer = await call(emu, `/__emulator/outbox/wait?to=w@example.com&since=${since}`);
    expect(answer.status).toBe(200);
    expect(answer.body.messages).toHaveLength(1);
  });

  it('blocks until a message arrives (E-OUTBOX-4)', async () => {
    const since = clock.now();
    const waiting = call(emu, `/__emulator/outbox/wait?to=late@example.com&since=${since}&timeout_ms=5000`);
    await eventually(async () => expect((await call(emu, '/__emulator/health')).body.waiting).toBe(1));
    clock.advance(1);
    await send({ email: 'other@example.com' });
    await send({ email: 'LATE@example.com' });
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body.messages.map((m: { to: string }) => m.to)).toEqual(['LATE@example.com']);
  });

  it('answers 404 when nothing comes in time (E-OUTBOX-4)', async () => {
    const answer = await call(emu, '/__emulator/outbox/wait?to=none@example.com&since=5&timeout_ms=30');
    expectError(answer, 404, 'no_message', 'No message to none@example.com after 5 within 30 ms.');
  });

  it.each([
    ['', 'Missing required query parameter: to'],
    ['?to=', 'Missing required query parameter: to'],
    ['?to=a&to=b', "Query parameter 'to' is given more than once."],
    ['?to=a&since=-1', "Query parameter 'since' must be a time in epoch milliseconds."],
    ['?to=a&since=1e3', "Query parameter 'since' must be a time in epoch milliseconds."],
    ['?to=a&timeout_ms=120001', "Query parameter 'timeout_ms' must be an integer from 0 to 120000."],
    ['?to=a&timeout_ms=abc', "Query parameter 'timeout_ms' must be an integer from 0 to 120000."],
  ])('refuses bad parameters %s (E-OUTBOX-4)', async (query, description) => {
    expectError(await call(emu, `/__emulator/outbox/wait${query}`), 400, 'invalid_request', description);
  });
});

describe('close()', () => {
  it('ends a pending wait and resolves promptly (E-RUN-5)', async () => {
    const other = await start();
    const waiting = call(other, '/__emulator/outbox/wait?to=x@example.com&timeout_ms=60000');
    await eventually(async () => expect((await call(other, '/__emulator/health')).body.waiting).toBe(1));
    await other.close(); // the wait asks for 60 s: a close() that waited for it would fail by the test's timeout
    expectError(await waiting, 503, 'temporarily_unavailable', 'The emulator is shutting down.');
    await expect(fetch(`${other.url}/__emulator/health`)).rejects.toThrow();
  });
});
