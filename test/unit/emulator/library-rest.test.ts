// The library API and the REST control API are one implementation (src/emulator/control-operations.ts):
// on one emulator, each operation done both ways gives the same result, the same refusal text, and
// acts on the same state (what one surface does, the other sees).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorControlError, startEmulator, type EmulatorMessage, type TestEmulator } from '../../../src/emulator/library.ts';
import { call, NATIVE, postJson } from './helpers.ts';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator({ startAt: '2030-01-01T00:00:00Z', seed: 'parity' });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

/** The REST form of a library message: the wire names (snake_case). */
const wire = (m: EmulatorMessage) => ({
  id: m.id,
  channel: m.channel,
  to: m.to,
  send: m.send,
  code: m.code,
  link: m.link,
  created_at: m.createdAt,
  expires_at: m.expiresAt,
});

const startEmail = (email: string, send: 'code' | 'link' = 'code') =>
  postJson(emu, '/passwordless/start', {
    client_id: NATIVE,
    connection: 'email',
    email,
    send,
    ...(send === 'link' ? { authParams: { redirect_uri: 'http://127.0.0.1:9/cb', response_type: 'code', scope: 'openid' } } : {}),
  });

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(EmulatorControlError);
    return { code: (err as EmulatorControlError).code, message: (err as Error).message };
  }
  throw new Error('expected a refusal');
}

describe('the library and the REST control API share one implementation (E-LIB-3)', () => {
  it('outbox: list, latest, wait and clear give the same messages (E-OUTBOX-2, E-OUTBOX-3, E-OUTBOX-4)', async () => {
    await startEmail('p@example.com');
    await startEmail('q@example.com', 'link');
    await startEmail('P@example.com');
    expect((await call(emu, '/__emulator/outbox')).body.messages).toEqual(emu.outbox.list().map(wire));
    expect((await call(emu, '/__emulator/outbox?to=p@example.com')).body.messages).toEqual(emu.outbox.list('p@example.com').map(wire));
    expect((await call(emu, '/__emulator/outbox?to=p@example.com')).body.messages[0]).toEqual(wire(emu.outbox.latest('p@example.com')!));
    const waited = await call(emu, '/__emulator/outbox/wait?to=q@example.com&timeout_ms=1000');
    expect(waited.body.messages).toEqual([wire(await emu.outbox.waitFor('q@example.com', { timeoutMs: 1000 }))]);
    expect(waited.body.messages[0].link).toMatch(/\/passwordless\/verify_redirect\?/);

    expect((await call(emu, '/__emulator/outbox', { method: 'DELETE' })).status).toBe(204);
    expect(emu.outbox.list()).toEqual([]);
    await startEmail('p@example.com');
    emu.outbox.clear();
    expect((await call(emu, '/__emulator/outbox')).body.messages).toEqual([]);
  });

  it('a wait that runs out: 404 no_message over REST, the same code and text from the library (E-OUTBOX-4)', async () => {
    const rest = await call(emu, '/__emulator/outbox/wait?to=none@example.com&timeout_ms=30');
    expect(rest.status).toBe(404);
    const library = (await emu.outbox.waitFor('none@example.com', { timeoutMs: 30 }).catch((err: unknown) => err)) as EmulatorControlError;
    expect(library).toBeInstanceOf(EmulatorControlError);
    expect({ error: library.code, error_description: library.message }).toEqual(rest.body);
  });

  it('clock: advancing or setting it on one surface shows on the other; refusals say the same (E-CLOCK-2, E-CLOCK-3)', async () => {
    const before = emu.clock.now();
    const rest = (await postJson(emu, '/__emulator/clock', { advance_seconds: 60 })).body;
    expect(rest.offset_ms - before.offsetMs).toBe(60_000);
    const library = emu.clock.advance(60);
    expect(library.offsetMs - rest.offset_ms).toBe(60_000);
    expect((await call(emu, '/__emulator/clock')).body.offset_ms).toBe(library.offsetMs);

    const later = (await postJson(emu, '/__emulator/clock', { now: '2030-02-01T00:00:00Z' })).body;
    expect(later.epoch_ms - Date.parse('2030-02-01T00:00:00Z')).toBeLessThan(1000);
    expect(emu.clock.set('2030-03-01T00:00:00Z').epochMs - Date.parse('2030-03-01T00:00:00Z')).toBeLessThan(1000);
    expect((await call(emu, '/__emulator/clock')).body.epoch_ms).toBeGreaterThanOrEqual(Date.parse('2030-03-01T00:00:00Z'));

    const restRefusal = (await postJson(emu, '/__emulator/clock', { advance_seconds: -1 })).body.error_description;
    expect(restRefusal).toBe('advance_seconds: must be a number from 0 to 316224000, not -1.');
    expect(refusal(() => emu.clock.advance(-1)).message).toBe(restRefusal.replace('advance_seconds', 'clock.advance(seconds)'));
    const restBack = (await postJson(emu, '/__emulator/clock', { now: '2030-01-01T00:00:00Z' })).body;
    expect(restBack.error).toBe('invalid_request');
    expect(refusal(() => emu.clock.set('2030-01-01T00:00:00Z')).message.replace(/\(20[^)]*\)/, '(…)')).toBe(
      restBack.error_description.replace('now:', 'clock.set(iso):').replace(/\(20[^)]*\)/, '(…)'),
    );
  });

  it('faults: armed on either surface, listed and cleared on the other; the same refusals (E-FAULT-1)', async () => {
    const spec = { endpoint: '/userinfo', count: 3, status: 500 };
    const rest = (await postJson(emu, '/__emulator/faults', spec)).body.faults[0];
    const [library] = emu.faults.arm(spec);
    expect({ ...rest, id: 'x' }).toEqual({ id: 'x', ...library!.spec, remaining: library!.remaining, fired: library!.fired });
    expect((await call(emu, '/__emulator/faults')).body.faults.map((f: { id: string }) => f.id)).toEqual(emu.faults.list().map((f) => f.id));
    expect((await call(emu, '/__emulator/faults', { method: 'DELETE' })).status).toBe(204);
    expect(emu.faults.list()).toEqual([]);
    emu.faults.arm({ outbox: 'drop' });
    emu.faults.clear();
    expect((await call(emu, '/__emulator/faults')).body.faults).toEqual([]);

    const bad = { endpoint: '/nowhere', status: 500 };
    const restRefusal = (await postJson(emu, '/__emulator/faults', bad)).body;
    expect(restRefusal.error).toBe('invalid_request');
    expect(refusal(() => emu.faults.arm(bad as never))).toEqual({ code: 'invalid_request', message: restRefusal.error_description });
  });

  it('reset and key rotation act on the same state (E-RESET-1, E-KEY-3)', async () => {
    await startEmail('r@example.com');
    emu.faults.arm({ outbox: 'drop' });
    expect((await postJson(emu, '/__emulator/reset', '')).status).toBe(204);
    expect(emu.outbox.list()).toEqual([]);
    expect(emu.faults.list()).toEqual([]);
    await startEmail('r@example.com');
    emu.reset();
    expect((await call(emu, '/__emulator/outbox')).body.messages).toEqual([]);

    const rest = (await postJson(emu, '/__emulator/keys/rotate', '')).body;
    const library = await emu.rotateKeys();
    expect(library.previousKid).toBe(rest.kid);
    expect((await call(emu, '/.well-known/jwks.json')).body.keys.map((k: { kid: string }) => k.kid)).toEqual(library.keys);
  });

  it('health counts the library waits too (E-OUTBOX-1)', async () => {
    const controller = new AbortController();
    const wait = emu.outbox.waitFor('h@example.com', { signal: controller.signal }).catch(() => 'stopped');
    expect((await call(emu, '/__emulator/health')).body).toEqual({ status: 'ok', waiting: 1 });
    controller.abort();
    expect(await wait).toBe('stopped');
    expect((await call(emu, '/__emulator/health')).body).toEqual({ status: 'ok', waiting: 0 });
  });
});
