// Nesting depth of control bodies and fault bodies (docs/emulator.md "Everything else", E-CONTROL-2):
// a fault body 20,000 levels deep used to be armed, then every answer that carried it overflowed
// JSON.stringify's stack and dropped the connection, and the POST that armed it got no answer.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import { EmulatorControlError, startEmulator, type TestEmulator } from '../../../src/emulator/library.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../../src/emulator/json-depth.ts';
import { call, expectError, postJson } from './helpers.ts';

const TOO_DEEP = 'The request body nests arrays and objects more than 32 levels deep.';

/** `depth` levels of arrays around `inner`, as JSON text. */
const nested = (depth: number, inner = '') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** `depth` levels of arrays, as a value. */
function nestedValue(depth: number): unknown[] {
  const top: unknown[] = [];
  let level = top;
  for (let i = 1; i < depth; i++) level = level[0] = [] as unknown[];
  return top;
}

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 'depth' });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

function armError(spec: unknown): EmulatorControlError {
  try {
    emu.faults.arm(spec as Parameters<TestEmulator['faults']['arm']>[0]);
  } catch (err) {
    expect(err).toBeInstanceOf(EmulatorControlError);
    return err as EmulatorControlError;
  }
  throw new Error('the fault was armed');
}

describe('control bodies nest at most 32 levels (E-CONTROL-2)', () => {
  it('a fault body 20,000 levels deep is refused, nothing is armed, and the emulator answers on', async () => {
    const armed = await postJson(emu, '/__emulator/faults', `{"endpoint":"/userinfo","status":500,"body":{"x":${nested(20_000)}}}`);
    expectError(armed, 400, 'invalid_request', TOO_DEEP);
    expect((await call(emu, '/__emulator/faults')).body).toEqual({ faults: [] });
    expect((await call(emu, '/userinfo')).status).toBe(401);
  });

  it.each([
    ['/__emulator/faults', nested(32_000)],
    ['/__emulator/faults', `[${nested(40)}]`],
    ['/__emulator/clock', `{"advance_seconds":${nested(20_000)}}`],
    ['/__emulator/clock', `{"now":${nested(33, '"2030-01-01T00:00:00Z"')}}`],
    ['/__emulator/reset', `{"x":${nested(32)}}`],
  ])('POST %s with a body too deep: 400 invalid_request', async (path, body) => {
    expectError(await postJson(emu, path, body), 400, 'invalid_request', TOO_DEEP);
  });

  it('32 levels are accepted, and the fault answers its body byte for byte', async () => {
    // The request is the fault object (level 1), then "body" (level 2), then 30 levels of arrays.
    const body = `{"deep":${nested(30, '1')}}`;
    const armed = await postJson(emu, '/__emulator/faults', `{"endpoint":"/userinfo","count":1,"status":500,"body":${body}}`);
    expect(armed.status).toBe(201);
    const answer = await call(emu, '/userinfo');
    expect({ status: answer.status, text: answer.text }).toEqual({ status: 500, text: body });
    expect((await postJson(emu, '/__emulator/reset', `{"x":${nested(31)}}`)).status).toBe(204);
  });
});

describe('fault bodies from code and --fault (E-CONTROL-2, E-FAULT-6, E-LIB-3)', () => {
  it('faults.arm refuses a body deeper than 32 levels, or cyclic, or not JSON', () => {
    expect(armError({ endpoint: '/userinfo', status: 500, body: nestedValue(33) }).message).toBe(
      'Invalid fault: body: nests arrays and objects more than 32 levels deep.',
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(armError({ endpoint: '/userinfo', status: 500, body: cyclic }).message).toBe(
      'Invalid fault: body: nests arrays and objects more than 32 levels deep.',
    );
    expect(armError({ endpoint: '/userinfo', status: 500, body: 1n }).message).toBe('Invalid fault: body: must be a JSON value, not bigint.');
    expect(emu.faults.list()).toEqual([]);
  });

  it('faults.arm keeps a copy: changing the object afterwards changes nothing armed', async () => {
    const body = { error: 'mine', list: [1] };
    emu.faults.arm({ endpoint: '/userinfo', status: 503, body });
    body.error = 'changed';
    body.list.push(2);
    expect((await call(emu, '/userinfo')).body).toEqual({ error: 'mine', list: [1] });
    expect(emu.faults.list()[0]?.spec).toMatchObject({ body: { error: 'mine', list: [1] } });
  });

  it('--fault with a body too deep stops the start, naming the fault', async () => {
    const error = await startEmulator({ faults: [`{"endpoint":"/userinfo","status":500,"body":${nested(20_000)}}`] }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(EmulatorConfigError);
    expect((error as Error).message).toBe('Invalid fault 1: body: nests arrays and objects more than 32 levels deep. See docs/emulator.md "Faults".');
  });
});

describe('nestsDeeperThan (E-CONTROL-2)', () => {
  it('counts levels of arrays and objects, the top one included', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan({ a: [1] }, 2)).toBe(false);
    expect(nestsDeeperThan({ a: [1] }, 1)).toBe(true);
    expect(nestsDeeperThan(nestedValue(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nestedValue(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(nestedValue(100_000), MAX_JSON_DEPTH)).toBe(true);
  });

  it('walks a value shared 2^40 times over in a moment, and finds it too deep only by its depth', () => {
    let shared: unknown = [];
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    expect(nestsDeeperThan(shared, 41)).toBe(false);
    expect(nestsDeeperThan(shared, 40)).toBe(true);
  });
});
