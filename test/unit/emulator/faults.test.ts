// Faults on purpose: every kind observed by a client (status, rate, delay, hang, drop, html, outbox
// drop/duplicate/delay), the control API that arms them, and close() with a hanging request.
// Every wait has a timeout.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, expectError, NATIVE, otpParams, postForm, postJson, start, type Answer } from './helpers.ts';
import { eventually } from '../../helpers/poll.ts';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start({ seed: 'faults' });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await call(emu, '/__emulator/reset', { method: 'POST' });
});

const arm = (fault: unknown) => postJson(emu, '/__emulator/faults', fault);
const startEmail = (email: string) => postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email', email, send: 'code' });
const token = () => postForm(emu, '/oauth/token', otpParams('f@example.com', '000000'));
const messagesTo = async (to: string) => (await call(emu, `/__emulator/outbox?to=${encodeURIComponent(to)}`)).body.messages;

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const began = performance.now();
  const value = await run();
  return { value, ms: performance.now() - began };
}

describe('the control API', () => {
  it('arms, lists with uses left, and clears faults (E-FAULT-1)', async () => {
    const armed = await arm([
      { endpoint: '/oauth/token', count: 2, status: 503 },
      { outbox: 'drop', to: 'x@example.com' },
    ]);
    expect(armed.status).toBe(201);
    expect(armed.body.faults).toEqual([
      { id: expect.stringMatching(/^fault-\d+$/), endpoint: '/oauth/token', count: 2, status: 503, remaining: 2, fired: 0 },
      { id: expect.stringMatching(/^fault-\d+$/), outbox: 'drop', to: 'x@example.com', remaining: null, fired: 0 },
    ]);
    await token();
    const listed = await call(emu, '/__emulator/faults');
    expect(listed.body.faults[0]).toMatchObject({ remaining: 1, fired: 1 });
    expect((await call(emu, '/__emulator/faults', { method: 'DELETE' })).status).toBe(204);
    expect((await call(emu, '/__emulator/faults')).body).toEqual({ faults: [] });
  });

  it.each([
    [{}, 'endpoint: is required (or give outbox, for a message fault)'],
    [
      { endpoint: '/nope', status: 500 },
      'endpoint: must be one of /.well-known/openid-configuration, /.well-known/jwks.json, /passwordless/start, /passwordless/verify_redirect, /oauth/token, /userinfo, /co/authenticate, /authorize, /passwordless/verify, /v2/logout, /oauth/revoke, /oidc/logout, /client/{client_id}.js, /user/geoloc/country (the control API cannot be faulted)',
    ],
    [{ endpoint: '/__emulator/faults', status: 500 }, 'endpoint: must be one of'],
    [{ endpoint: '/oauth/token' }, 'give status, action or delay_ms (or outbox, for a message fault)'],
    [{ endpoint: '/oauth/token', status: 302 }, 'status: must be an integer from 400 to 599, not 302'],
    [{ endpoint: '/oauth/token', status: 503, action: 'drop' }, 'action: cannot be combined with status'],
    [{ endpoint: '/oauth/token', action: 'explode' }, 'action: must be one of hang, drop, html'],
    [{ endpoint: '/oauth/token', body: {}, delay_ms: 1 }, 'body: needs a status'],
    [{ endpoint: '/oauth/token', status: 503, retry_after: 5 }, 'retry_after: is for status 429 only'],
    [{ endpoint: '/oauth/token', status: 500, rate: 2 }, 'rate: must be a number from 0 to 1, not 2'],
    [{ endpoint: '/oauth/token', status: 500, count: 0 }, 'count: must be an integer from 1 to 1000000, not 0'],
    [{ endpoint: '/oauth/token', delay_ms: 999999 }, 'delay_ms: must be an integer from 0 to 120000, not 999999'],
    [{ endpoint: '/oauth/token', status: 500, headers: { 'x-a': 'b\r\nc' } }, 'headers.x-a: must be a one-line string'],
    [{ outbox: 'delay' }, 'delay_ms: is required for an outbox delay'],
    [{ outbox: 'lose' }, 'outbox: must be one of drop, duplicate, delay'],
    [{ outbox: 'drop', delay_ms: 5 }, 'delay_ms: means nothing for a dropped message'],
    [[{ endpoint: '/oauth/token', status: 500 }, { endpoint: '/oauth/token' }], '[1]: give status, action or delay_ms'],
    [42, 'must be a fault object or an array of them, not number'],
  ])('refuses %j with 400 invalid_request naming the field (E-FAULT-1)', async (fault, message) => {
    const answer = await arm(fault);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
    expect(answer.body.error_description).toContain(`Invalid fault: ${message}`);
    expect((await call(emu, '/__emulator/faults')).body.faults).toEqual([]);
  });

  it('refuses a body that is not JSON (E-FAULT-1, E-CONTROL-1)', async () => {
    expect((await call(emu, '/__emulator/faults', { method: 'POST', body: 'x' })).body.error).toBe('invalid_request');
    expect((await call(emu, '/__emulator/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).body.error).toBe(
      'invalid_request',
    );
  });
});

describe('endpoint faults', () => {
  it('status with count: the next request gets the given status and body, then all is normal (E-FAULT-2)', async () => {
    await arm({ endpoint: '/oauth/token', count: 1, status: 503, body: { error: 'temporarily_unavailable', error_description: 'Down for a bit' } });
    expectError(await token(), 503, 'temporarily_unavailable', 'Down for a bit');
    expect((await token()).status).toBe(403);
  });

  it('status without body: the serializer shape with a default error per status (E-FAULT-2)', async () => {
    await arm([
      { endpoint: '/userinfo', count: 1, status: 500 },
      { endpoint: '/userinfo', count: 1, status: 418, headers: { 'x-why': 'teapot' } },
    ]);
    const first = await call(emu, '/userinfo');
    expectError(first, 500, 'server_error', 'Injected fault: the emulator answers 500 on purpose (POST /__emulator/faults).');
    const second = await call(emu, '/userinfo');
    expect(second.body.error).toBe('injected_fault');
    expect(second.headers.get('x-why')).toBe('teapot');
  });

  it('changes no state: a faulted /passwordless/start sends nothing and takes no rate-limit token (E-FAULT-3)', async () => {
    await arm({ endpoint: '/passwordless/start', count: 1, status: 503 });
    expect((await startEmail('nostate@example.com')).status).toBe(503);
    expect(await messagesTo('nostate@example.com')).toEqual([]);
    expect((await startEmail('nostate@example.com')).headers.get('x-ratelimit-remaining')).toBe('49');
  });

  it('an injected 429 carries the rate-limit headers and retry-after of an empty bucket (E-FAULT-3, B-RATE-5, B-RATE-6)', async () => {
    await arm([
      { endpoint: '/passwordless/start', count: 1, status: 429 },
      { endpoint: '/oauth/token', count: 1, status: 429 },
      { endpoint: '/userinfo', count: 1, status: 429, retry_after: 7 },
    ]);
    const now = (await call(emu, '/__emulator/clock')).body.epoch_ms;
    const headers = (a: Answer) => ['x-ratelimit-limit', 'x-ratelimit-remaining', 'retry-after'].map((h) => a.headers.get(h));
    const startAnswer = await startEmail('r@example.com');
    expectError(startAnswer, 429, 'too_many_requests', 'Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.');
    expect(headers(startAnswer)).toEqual(['50', '0', '72']);
    expect(Number(startAnswer.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(now / 1000) + 72);
    expect(headers(await token())).toEqual(['30', '0', '1']);
    expect(headers(await call(emu, '/userinfo'))).toEqual(['300', '0', '7']);
  });

  it('rate: hits about that share of requests, each like a real 429, repeatably with a seed (E-FAULT-2)', async () => {
    await arm({ endpoint: '/passwordless/start', rate: 0.2, status: 429 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const answer = await startEmail(`rate${i}@example.com`);
      statuses.push(answer.status);
      if (answer.status === 429) expect(answer.headers.get('retry-after')).toBe('72');
    }
    const hits = statuses.filter((s) => s === 429).length;
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThan(20);
    expect(statuses.filter((s) => s === 200).length).toBe(40 - hits);
    const listed = (await call(emu, '/__emulator/faults')).body.faults[0];
    expect(listed).toMatchObject({ rate: 0.2, remaining: null, fired: hits });
  });

  it('method narrows the requests a fault hits (E-FAULT-2)', async () => {
    await arm({ endpoint: '/oauth/token', method: 'GET', status: 500 });
    expect((await token()).status).toBe(403);
  });

  it('delay_ms: the next count requests answer normally, that much later (E-FAULT-4)', async () => {
    await arm({ endpoint: '/oauth/token', count: 2, delay_ms: 300 });
    for (let i = 0; i < 2; i++) {
      const { value, ms } = await timed(token);
      expect(value.status).toBe(403);
      expect(ms).toBeGreaterThanOrEqual(290);
    }
    expect((await call(emu, '/__emulator/faults')).body.faults).toEqual([]); // the third goes undelayed
  });

  it('delay_ms with a status: the error comes late (E-FAULT-4)', async () => {
    await arm({ endpoint: '/.well-known/jwks.json', count: 1, delay_ms: 200, status: 504 });
    const { value, ms } = await timed(() => call(emu, '/.well-known/jwks.json'));
    expect(value.status).toBe(504);
    expect(ms).toBeGreaterThanOrEqual(190);
  });

  it('hang: never answers, so a client sees its own timeout (E-FAULT-4)', async () => {
    await arm({ endpoint: '/oauth/token', count: 1, action: 'hang' });
    const { value, ms } = await timed(() =>
      fetch(`${emu.url}/oauth/token`, { method: 'POST', signal: AbortSignal.timeout(300) }).then(
        () => 'answered',
        (err: Error) => err.name,
      ),
    );
    expect(value).toBe('TimeoutError');
    expect(ms).toBeLessThan(300 + 2000); // failed well inside the client's own timeout + 2 s
    expect((await token()).status).toBe(403);
  });

  it('drop: the connection closes without an answer (E-FAULT-4)', async () => {
    await arm({ endpoint: '/.well-known/openid-configuration', count: 1, action: 'drop' });
    const outcome = await fetch(`${emu.url}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) }).then(
      (res) => `answered ${res.status}`,
      (err: Error) => `${err.name}: ${err.message}`,
    );
    expect(outcome).toBe('TypeError: fetch failed');
    expect((await call(emu, '/.well-known/openid-configuration')).status).toBe(200);
  });

  it('html: a 502 HTML page, as a proxy in front of the tenant would send (E-FAULT-4)', async () => {
    await arm({ endpoint: '/passwordless/start', count: 1, action: 'html' });
    const answer = await startEmail('html@example.com');
    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.text).toContain('<title>502 Bad Gateway</title>');
    expect(answer.body).toBe(undefined);
  });
});

describe('outbox faults', () => {
  const waitFor = (to: string, ms: number) => call(emu, `/__emulator/outbox/wait?to=${encodeURIComponent(to)}&timeout_ms=${ms}`);

  it('drop: /start succeeds, no message arrives, and the code still works (E-FAULT-5)', async () => {
    await arm({ outbox: 'drop', count: 1 });
    expect((await startEmail('lost+test@example.com')).status).toBe(200);
    expect((await waitFor('lost+test@example.com', 100)).status).toBe(404);
    expect((await postForm(emu, '/oauth/token', otpParams('lost+test@example.com', '424242'))).status).toBe(200);
  });

  it('duplicate: the same code arrives twice, under two ids (E-FAULT-5)', async () => {
    await arm({ outbox: 'duplicate', count: 1 });
    await startEmail('twice@example.com');
    const messages = await messagesTo('twice@example.com');
    expect(messages).toHaveLength(2);
    expect(messages[0].code).toBe(messages[1].code);
    expect(messages[0].id).not.toBe(messages[1].id);
  });

  it('duplicate with delay_ms: the copy comes later (E-FAULT-5)', async () => {
    await arm({ outbox: 'duplicate', count: 1, delay_ms: 200 });
    await startEmail('later@example.com');
    expect(await messagesTo('later@example.com')).toHaveLength(1);
    const first = (await messagesTo('later@example.com'))[0];
    const copy = await call(emu, `/__emulator/outbox/wait?to=later@example.com&since=${Date.parse(first.created_at)}&timeout_ms=3000`);
    expect(copy.status).toBe(200);
    expect(copy.body.messages[0].code).toBe(first.code);
  });

  it('delay: the message arrives after delay_ms, only for the recipient named (E-FAULT-5)', async () => {
    await arm({ outbox: 'delay', delay_ms: 250, to: 'slow@example.com' });
    await startEmail('slow@example.com');
    await startEmail('fast@example.com');
    expect(await messagesTo('slow@example.com')).toEqual([]);
    expect(await messagesTo('fast@example.com')).toHaveLength(1);
    const { value, ms } = await timed(() => waitFor('slow@example.com', 3000));
    expect(value.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(150);
  });

  it('a reset cancels delayed deliveries (E-FAULT-5, E-RESET-1)', async () => {
    await arm({ outbox: 'delay', delay_ms: 100 });
    await startEmail('cancel@example.com');
    await call(emu, '/__emulator/reset', { method: 'POST' });
    expect((await waitFor('cancel@example.com', 300)).status).toBe(404);
  });
});

describe('faults at start and close()', () => {
  it('arms --fault values given as JSON text (E-FAULT-6)', async () => {
    const faulty = await start({ faults: ['{"endpoint":"/oauth/token","count":1,"status":503}'] });
    try {
      expect((await postForm(faulty, '/oauth/token', otpParams('a@b.co', '1'))).status).toBe(503);
      expect((await postForm(faulty, '/oauth/token', otpParams('a@b.co', '1'))).status).toBe(403);
    } finally {
      await faulty.close();
    }
  });

  it.each([
    ['{"endpoint":', /^Invalid fault 1 "\{\\"endpoint\\":": not valid JSON/],
    ['{"endpoint":"/x","status":500}', /^Invalid fault 1: endpoint: must be one of .*See docs\/emulator\.md "Faults"\.$/],
  ])('refuses the start-up fault %s (E-FAULT-6)', async (fault, message) => {
    const error = await start({ faults: [fault] }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(EmulatorConfigError);
    expect((error as EmulatorConfigError).option).toBe('faults');
    expect((error as Error).message).toMatch(message);
  });

  it('close() ends promptly with a hanging request open (E-RUN-5)', async () => {
    const hanging = await start({ faults: [{ endpoint: '/oauth/token', action: 'hang' }] });
    const pending = fetch(`${hanging.url}/oauth/token`, { method: 'POST', signal: AbortSignal.timeout(10_000) }).then(
      () => 'answered',
      (err: Error) => err.name,
    );
    await eventually(async () => expect((await call(hanging, '/__emulator/faults')).body.faults[0].fired).toBe(1));
    await hanging.close(); // the request would hang for ever (its client waits 10 s): close() ended it
    expect(await pending).toBe('TypeError');
  });
});
