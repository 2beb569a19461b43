// The emulator clock's range (docs/emulator.md "Clock"): 1970-01-01T00:00:00.000Z to
// 9999-12-31T23:59:59.999Z, one check behind --clock, the clock option, POST /__emulator/clock and
// the library's clock.advance/clock.set. Past the end of JavaScript's Date range every ISO answer
// threw, so a clock pushed there left /__emulator/clock and the outbox answering 500 for good.
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import { EmulatorControlError, startEmulator, type TestEmulator } from '../../../src/emulator/library.ts';
import { call, expectError, ManualClock, otpParams, postForm, postJson, sendCode } from './helpers.ts';

const LATEST = '9999-12-31T23:59:59.999Z';
const RANGE = `1970-01-01T00:00:00.000Z to ${LATEST}`;
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

const moveClock = (emu: TestEmulator, body: unknown) => postJson(emu, '/__emulator/clock', body);

async function configError(options: Parameters<typeof startEmulator>[0]): Promise<EmulatorConfigError> {
  const error = await startEmulator(options).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(EmulatorConfigError);
  return error as EmulatorConfigError;
}

function controlError(operation: () => unknown): EmulatorControlError {
  try {
    operation();
  } catch (err) {
    expect(err).toBeInstanceOf(EmulatorControlError);
    return err as EmulatorControlError;
  }
  throw new Error('the operation was not refused');
}

describe('the clock stays within its range (E-CLOCK-4)', () => {
  it('ten-year steps from 9999 are refused, and the clock and the outbox keep answering', async () => {
    const emu = await open({ clock: new ManualClock(Date.UTC(2030, 0, 1)) });
    expect((await moveClock(emu, { now: '9999-01-01T00:00:00Z' })).status).toBe(200);
    await sendCode(emu, { email: 'end@example.com' });
    for (let step = 0; step < 3; step++) {
      expectError(
        await moveClock(emu, { advance_seconds: 316_224_000 }),
        400,
        'invalid_request',
        `advance_seconds: 9999-01-01T00:00:00.000Z + 316224000 s is after ${LATEST}, the latest time of the emulator clock; advance it at most 31535999 seconds.`,
      );
    }
    expect((await call(emu, '/__emulator/clock')).body.now).toBe('9999-01-01T00:00:00.000Z');
    const outbox = await call(emu, '/__emulator/outbox');
    expect(outbox.status).toBe(200);
    expect(outbox.body.messages[0].created_at).toBe('9999-01-01T00:00:00.000Z');
  });

  it('reaches its last millisecond, where codes, tokens and the outbox still work', async () => {
    const emu = await open({ clock: new ManualClock(Date.UTC(2030, 0, 1)) });
    expect((await moveClock(emu, { now: LATEST })).body.now).toBe(LATEST);
    const code = await sendCode(emu, { email: 'last@example.com' });
    const tokens = await postForm(emu, '/oauth/token', otpParams('last@example.com', code, { scope: 'openid' }));
    expect(tokens.status).toBe(200);
    expect(decodeJwt(tokens.body.id_token).iat).toBe(Math.floor(Date.parse(LATEST) / 1000));
    // An expiry past the last four-digit year is written as ECMAScript's expanded year, never an error.
    expect((await call(emu, '/__emulator/outbox')).body.messages[0].expires_at).toBe('+010000-01-01T00:04:59.999Z');
    expectError(
      await moveClock(emu, { advance_seconds: 0.001 }),
      400,
      'invalid_request',
      `advance_seconds: ${LATEST} + 0.001 s is after ${LATEST}, the latest time of the emulator clock; advance it at most 0 seconds.`,
    );
    expect((await moveClock(emu, { advance_seconds: 0 })).body.now).toBe(LATEST);
  });

  it.each([
    ['9999-12-31T23:59:59-01:00', `now: 9999-12-31T23:59:59-01:00 is after ${LATEST}, the latest time of the emulator clock; give a time from ${RANGE}.`],
    [
      '1969-12-31T23:59:59Z',
      `now: 1969-12-31T23:59:59Z is before 1970-01-01T00:00:00.000Z, the earliest time of the emulator clock; give a time from ${RANGE}.`,
    ],
  ])('POST /__emulator/clock {"now": %j} is refused with 400 invalid_request (E-CONTROL-1)', async (now, description) => {
    const emu = await open({ clock: new ManualClock(Date.UTC(2030, 0, 1)) });
    expectError(await moveClock(emu, { now }), 400, 'invalid_request', description);
  });

  it('the library refuses with the same words as the control API (E-LIB-3)', async () => {
    const emu = await open({ clock: new ManualClock(Date.UTC(2030, 0, 1)), startAt: '9999-12-31T00:00:00Z' });
    const rest = (await moveClock(emu, { advance_seconds: 86_400 })).body.error_description;
    const library = controlError(() => emu.clock.advance(86_400));
    expect(library.code).toBe('invalid_request');
    expect(library.message).toBe(rest.replace('advance_seconds', 'clock.advance(seconds)'));
    expect(library.message).toBe(
      `clock.advance(seconds): 9999-12-31T00:00:00.000Z + 86400 s is after ${LATEST}, the latest time of the emulator clock; advance it at most 86399 seconds.`,
    );
    expect(controlError(() => emu.clock.set('9999-12-31T23:59:59-01:00')).message).toBe(
      `clock.set(iso): 9999-12-31T23:59:59-01:00 is after ${LATEST}, the latest time of the emulator clock; give a time from ${RANGE}.`,
    );
    expect(emu.clock.now().now).toBe('9999-12-31T00:00:00.000Z');
  });

  it.each([
    [
      '9999-12-31T23:59:59-01:00',
      `Invalid clock start "9999-12-31T23:59:59-01:00": it is after ${LATEST}, the latest time of the emulator clock; give a time from ${RANGE}.`,
    ],
    [
      '1969-07-20T20:17:40Z',
      `Invalid clock start "1969-07-20T20:17:40Z": it is before 1970-01-01T00:00:00.000Z, the earliest time of the emulator clock; give a time from ${RANGE}.`,
    ],
  ])('--clock %s is refused before anything listens (E-CLOCK-1, E-RUN-2)', async (startAt, message) => {
    const error = await configError({ startAt });
    expect(error.option).toBe('startAt');
    expect(error.message).toBe(message);
  });

  it('a base clock outside the range is refused, unless startAt moves the emulator clock into it (E-RUN-2)', async () => {
    const error = await configError({ clock: { now: () => 8.64e15 } });
    expect(error.option).toBe('clock');
    expect(error.message).toBe(
      `Invalid clock: its now() returned 8640000000000000, which is after ${LATEST}, the latest time of the emulator clock; return a time from ${RANGE}, or give startAt.`,
    );
    const emu = await open({ clock: { now: () => -1 }, startAt: '2030-01-01T00:00:00Z' });
    expect(emu.clock.now().now).toBe('2030-01-01T00:00:00.000Z');
  });

  it("a code lifetime over one year is refused, so an expiry stays a Date even at the clock's end (E-RUN-2, E-TENANT-2)", async () => {
    const error = await configError({ otpTtlSeconds: Number.MAX_SAFE_INTEGER });
    expect(error.option).toBe('otpTtlSeconds');
    expect(error.message).toBe('Invalid otpTtlSeconds 9007199254740991: use a whole number of seconds from 1 to 31536000 (one year; default 300).');
    const tenant = defaultTenant();
    tenant.connections[0]!.otp_ttl_seconds = 31_536_001;
    expect((await configError({ tenant })).message).toMatch(/connections\[0\]\.otp_ttl_seconds: must be an integer from 1 to 31536000, not 31536001\./);

    const emu = await open({ clock: new ManualClock(Date.UTC(2030, 0, 1)), startAt: LATEST, otpTtlSeconds: 31_536_000 });
    await sendCode(emu, { email: 'year@example.com' });
    const outbox = await call(emu, '/__emulator/outbox');
    expect(outbox.status).toBe(200);
    expect(outbox.body.messages[0].expires_at).toBe('+010000-12-30T23:59:59.999Z');
  });

  it('a value that is not a number or a string is named by its type, however deep (E-CONTROL-1)', async () => {
    const emu = await open();
    const deep: unknown[] = [];
    let inner = deep;
    for (let i = 0; i < 100_000; i++) inner = inner[0] = [] as unknown[];
    expect(controlError(() => emu.clock.advance(deep as unknown as number)).message).toBe(
      'clock.advance(seconds): must be a number from 0 to 316224000, not array.',
    );
    expect(controlError(() => emu.clock.set(deep as unknown as string)).message).toBe(
      'clock.set(iso): must be an ISO-8601 date-time with a time zone, e.g. 2030-01-01T00:00:00Z, not array.',
    );
  });
});
