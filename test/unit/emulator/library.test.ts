// The library API (`pwless/emulator`, src/emulator/library.ts): each method on a real in-process
// emulator on 127.0.0.1:0, driven with fetch like an app's test suite would.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import { DEFAULT_WAIT_FOR_MS, EmulatorConfigError, EmulatorControlError, startEmulator, type TestEmulator } from '../../../src/emulator/library.ts';
import { selfSignedCertificate } from '../../helpers/certificates.ts';
import { eventually } from '../../helpers/poll.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { call, expectError, NATIVE, otpParams, postForm, postJson, sendCode } from './helpers.ts';

const dir = tempDir('pwless-library-');
const running = new Set<TestEmulator>();

async function open(options: Parameters<typeof startEmulator>[0] = {}): Promise<TestEmulator> {
  const emu = await startEmulator(options);
  running.add(emu);
  return emu;
}

afterEach(async () => {
  for (const emu of running) await emu.close();
  running.clear();
});

const startEmail = (emu: TestEmulator, email: string, clientId = NATIVE) =>
  postJson(emu, '/passwordless/start', { client_id: clientId, connection: 'email', email, send: 'code' });

async function controlError(promise: Promise<unknown> | (() => unknown)): Promise<EmulatorControlError> {
  const error = await (typeof promise === 'function' ? Promise.resolve().then(promise) : promise).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(EmulatorControlError);
  return error as EmulatorControlError;
}

describe('startEmulator from pwless/emulator (E-LIB-1)', () => {
  it('starts in-process on a free loopback port, with url, issuer and the default tenant', async () => {
    const emu = await open();
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.url).not.toBe('http://127.0.0.1:4010');
    expect(emu.issuer).toBe(`${emu.url}/`);
    expect(emu.tenant.clients.map((client) => client.client_id)).toEqual(['emulator-native', 'emulator-spa', 'emulator-web']);
    expect((await call(emu, '/.well-known/openid-configuration')).body.issuer).toBe(emu.issuer);
  });

  it('serves a tenant object', async () => {
    const tenant = defaultTenant();
    tenant.clients = [{ ...tenant.clients[0]!, client_id: 'my-app' }];
    tenant.connections = tenant.connections.map((c) => ({ ...c, enabled_clients: ['my-app'] }));
    const emu = await open({ tenant });
    expect((await startEmail(emu, 'obj@example.com', 'my-app')).status).toBe(200);
    expect((await startEmail(emu, 'obj@example.com', NATIVE)).status).toBe(401);
  });

  it('serves a tenant file, and names a bad one in an EmulatorConfigError', async () => {
    const file = join(dir, 'tenant.json');
    writeFileSync(
      file,
      JSON.stringify({
        clients: [{ client_id: 'file-app', app_type: 'native', grant_types: ['http://auth0.com/oauth/grant-type/passwordless/otp'] }],
        connections: [{ name: 'email', strategy: 'email', enabled_clients: ['file-app'] }],
      }),
    );
    const emu = await open({ tenant: file });
    expect(emu.tenant.clients.map((client) => client.client_id)).toEqual(['file-app']);
    expect((await startEmail(emu, 'file@example.com', 'file-app')).status).toBe(200);

    writeFileSync(file, JSON.stringify({ clients: [] }));
    const error = await startEmulator({ tenant: file }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(EmulatorConfigError);
    expect((error as EmulatorConfigError).option).toBe('tenant');
    expect((error as Error).message).toContain(file);
  });

  it('with a seed gives the same codes and message ids; with a key file the same keys', async () => {
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const seen = [];
    for (let run = 0; run < 2; run += 1) {
      const emu = await open({ seed: 'library', keyFile });
      await startEmail(emu, 'seed@example.com');
      const jwks = (await call(emu, '/.well-known/jwks.json')).body;
      const { id, code } = emu.outbox.latest('seed@example.com')!;
      seen.push({ id, code, jwks });
      await emu.close();
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]!.code).toMatch(/^\d{6}$/);
  });

  it('serves HTTPS with tlsCert and tlsKey', async () => {
    const tls = selfSignedCertificate();
    tls.create();
    const dispatcher = new Agent({ connect: { ca: readFileSync(tls.cert, 'utf8') } });
    try {
      const emu = await open({ tlsCert: tls.cert, tlsKey: tls.key });
      expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await undiciFetch(`${emu.url}/.well-known/openid-configuration`, { dispatcher, signal: AbortSignal.timeout(5000) });
      expect(((await res.json()) as { issuer: string }).issuer).toBe(emu.issuer);
    } finally {
      await dispatcher.close();
      tls.remove();
    }
  });
});

describe('outbox (E-LIB-2)', () => {
  it('list, latest and clear: newest first, filtered by recipient, codes kept valid', async () => {
    const emu = await open();
    expect(emu.outbox.latest('a@example.com')).toBeUndefined();
    await startEmail(emu, 'a@example.com');
    await startEmail(emu, 'b@example.com');
    await startEmail(emu, 'A@example.com');
    expect(emu.outbox.list().map((m) => m.to)).toEqual(['A@example.com', 'b@example.com', 'a@example.com']);
    const latest = emu.outbox.latest('a@example.com')!;
    expect(latest).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      channel: 'email',
      to: 'A@example.com',
      send: 'code',
      code: expect.stringMatching(/^\d{6}$/),
      link: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      expiresAt: expect.stringMatching(/Z$/),
    });
    emu.outbox.clear();
    expect(emu.outbox.list()).toEqual([]);
    expect((await postForm(emu, '/oauth/token', otpParams('a@example.com', latest.code))).status).toBe(200);
  });

  it('waitFor answers with a message already there, or with the next one as it arrives', async () => {
    const emu = await open();
    await startEmail(emu, 'w@example.com');
    const first = await emu.outbox.waitFor('w@example.com');
    expect(first.to).toBe('w@example.com');

    const next = emu.outbox.waitFor('W@example.com', { since: Date.parse(first.createdAt), timeoutMs: 5000 });
    await eventually(async () => expect((await call(emu, '/__emulator/health')).body.waiting).toBe(1));
    await startEmail(emu, 'w@example.com');
    const second = await next;
    expect(second.id).not.toBe(first.id);
    expect(second).toEqual(emu.outbox.latest('w@example.com'));
  });

  it('waitFor rejects after timeoutMs with no_message naming the address', async () => {
    const emu = await open();
    const error = await controlError(emu.outbox.waitFor('nobody@example.com', { timeoutMs: 50 }));
    expect(error.code).toBe('no_message');
    expect(error.message).toBe('No message to nobody@example.com after 0 within 50 ms.');
  });

  it('waitFor waits 10 s by default', async () => {
    const emu = await open();
    expect(DEFAULT_WAIT_FOR_MS).toBe(10_000);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let settled: unknown = 'pending';
      const wait = emu.outbox.waitFor('later@example.com').then(
        () => 'resolved',
        (err: unknown) => err,
      );
      void wait.then((value) => (settled = value));
      await vi.advanceTimersByTimeAsync(9_999);
      expect(settled).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      const error = await wait;
      expect(error).toBeInstanceOf(EmulatorControlError);
      expect((error as Error).message).toBe('No message to later@example.com after 0 within 10000 ms.');
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    [{ timeoutMs: -1 }, 'timeoutMs: must be an integer from 0 to 120000, not -1.'],
    [{ timeoutMs: 120_001 }, 'timeoutMs: must be an integer from 0 to 120000, not 120001.'],
    [{ since: Number.NaN }, 'since: must be a time in epoch milliseconds (emulator clock), not NaN.'],
  ])('waitFor refuses %j with invalid_request', async (options, text) => {
    const emu = await open();
    const error = await controlError(emu.outbox.waitFor('x@example.com', options));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'invalid_request', message: text });
    expect((await controlError(emu.outbox.waitFor(''))).message).toBe('to: give the email address or phone number the message was sent to.');
  });

  it('waitFor stops when its signal aborts', async () => {
    const emu = await open();
    const controller = new AbortController();
    const wait = emu.outbox.waitFor('x@example.com', { signal: controller.signal });
    controller.abort();
    expect((await controlError(wait)).code).toBe('temporarily_unavailable');
  });
});

describe('clock (E-LIB-3, E-CLOCK-2, E-CLOCK-3)', () => {
  it('advance() expires a code; set() moves to a later time; neither goes back', async () => {
    const emu = await open({ startAt: '2030-01-01T00:00:00Z' });
    const before = emu.clock.now();
    expect(before.now).toMatch(/^2030-01-01T00:00:0/);
    const code = await sendCode(emu, { email: 'late@example.com' });
    const after = emu.clock.advance(301);
    expect(after.offsetMs - before.offsetMs).toBe(301_000);
    expectError(
      await postForm(emu, '/oauth/token', otpParams('late@example.com', code)),
      403,
      'invalid_grant',
      'The verification code has expired. Please try to login again.',
    );
    const set = emu.clock.set('2031-06-01T12:00:00Z');
    expect(set.epochMs).toBeGreaterThanOrEqual(Date.parse('2031-06-01T12:00:00Z'));
    expect(set.epochMs - Date.parse('2031-06-01T12:00:00Z')).toBeLessThan(1000);
    expect(set.now).toBe(new Date(set.epochMs).toISOString());

    expect((await controlError(() => emu.clock.advance(-1))).message).toBe('clock.advance(seconds): must be a number from 0 to 316224000, not -1.');
    expect((await controlError(() => emu.clock.set('2031-01-01'))).message).toBe(
      'clock.set(iso): must be an ISO-8601 date-time with a time zone, e.g. 2030-01-01T00:00:00Z, not "2031-01-01".',
    );
    expect((await controlError(() => emu.clock.set('2030-01-01T00:00:00Z'))).message).toMatch(
      /^clock\.set\(iso\): 2030-01-01T00:00:00Z is before the emulator clock \(2031-06-01T12:00:0\d\.\d{3}Z\); the clock only moves forward \(reset keeps it\)\.$/,
    );
  });
});

describe('faults, reset and keys (E-LIB-3, E-FAULT-1, E-RESET-1, E-KEY-3)', () => {
  it('arm() injects a fault, list() shows its uses left, clear() disarms; a bad one is refused', async () => {
    const emu = await open();
    const [armed] = emu.faults.arm({ endpoint: '/oauth/token', count: 2, status: 503 });
    expect(armed).toEqual({ id: 'fault-1', spec: { endpoint: '/oauth/token', count: 2, status: 503 }, remaining: 2, fired: 0 });
    expect((await postForm(emu, '/oauth/token', otpParams('f@example.com', '000000'))).status).toBe(503);
    expect(emu.faults.list()).toEqual([{ ...armed, remaining: 1, fired: 1 }]);
    emu.faults.clear();
    expect(emu.faults.list()).toEqual([]);
    expect((await postForm(emu, '/oauth/token', otpParams('f@example.com', '000000'))).status).toBe(403);

    const error = await controlError(() => emu.faults.arm([{ outbox: 'drop' }, { endpoint: '/oauth/token', status: 302 }]));
    expect(error.message).toBe('Invalid fault: [1].status: must be an integer from 400 to 599, not 302.');
    expect(emu.faults.list()).toEqual([]);
  });

  it('reset() forgets messages, codes and faults; rotateKeys() signs with a new key', async () => {
    const emu = await open();
    const code = await sendCode(emu, { email: 'r@example.com' });
    emu.faults.arm({ outbox: 'drop' });
    emu.reset();
    expect(emu.outbox.list()).toEqual([]);
    expect(emu.faults.list()).toEqual([]);
    expect((await postForm(emu, '/oauth/token', otpParams('r@example.com', code))).status).toBe(403);

    const before = (await call(emu, '/.well-known/jwks.json')).body.keys[0].kid;
    const rotated = await emu.rotateKeys();
    expect(rotated.previousKid).toBe(before);
    expect(rotated.keys).toEqual([rotated.kid, before]);
  });
});

describe('close (E-LIB-4, E-RUN-5)', () => {
  const watched = ['TCPServerWrap', 'TCPSocketWrap', 'Timeout'];
  const count = () => process.getActiveResourcesInfo().filter((kind) => watched.includes(kind)).length;
  let baseline = 0;
  beforeAll(() => {
    baseline = count();
  });
  afterAll(() => expect(running.size).toBe(0));

  it('is idempotent, rejects pending waits, stops listening, and leaves no socket or timer', async () => {
    const emu = await startEmulator();
    await startEmail(emu, 'c@example.com');
    const pending = emu.outbox.waitFor('none@example.com', { timeoutMs: 60_000 });
    await Promise.all([emu.close(), emu.close()]);
    await emu.close();
    const error = await controlError(pending);
    expect({ code: error.code, message: error.message }).toEqual({ code: 'temporarily_unavailable', message: 'The emulator is shutting down.' });
    // The server, its sockets (the client's keep-alive one closes once the server's end is gone) and the wait's timer.
    await eventually(() => expect(count()).toBeLessThanOrEqual(baseline));
    expect(
      await fetch(`${emu.url}/__emulator/health`).then(
        () => 'answered',
        () => 'refused',
      ),
    ).toBe('refused');
  });
});
