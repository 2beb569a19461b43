/** The depth bound on JSON from the network or a token (src/core/json-limits.ts), counted on the text without recursion. */
import { describe, expect, it } from 'vitest';
import { holdsInfinity, MAX_JSON_DEPTH, nestedDeeperThan, readJson } from '../../../src/core/json-limits.ts';

describe('nestedDeeperThan', () => {
  it.each([
    ['{}', 1, false],
    ['{"a":[{}]}', 3, false],
    ['{"a":[{}]}', 2, true],
    ['[[],[],[]]', 2, false],
    ['"[[[[["', 1, false],
    ['{"k":"\\"[[[["}', 1, false],
    ['{"k":"\\\\"}', 1, false],
    ['{"k":"\\\\",[[[]]]}', 3, true],
  ])('%s within %i levels: deeper is %s', (text, limit, deeper) => {
    expect(nestedDeeperThan(text, limit)).toBe(deeper);
  });

  it('counts 1,000,000 levels without a stack, in one pass', () => {
    expect(nestedDeeperThan('['.repeat(1_000_000))).toBe(true);
  });
});

describe('readJson', () => {
  it('parses within the bound', () => {
    expect(readJson(`${'['.repeat(MAX_JSON_DEPTH)}1${']'.repeat(MAX_JSON_DEPTH)}`).ok).toBe(true);
  });

  it('says why it does not: too deep, or not JSON', () => {
    expect(readJson('['.repeat(MAX_JSON_DEPTH + 1))).toEqual({ ok: false, tooDeep: true, problem: 'JSON nested deeper than 64 levels' });
    expect(readJson('{')).toMatchObject({ ok: false, tooDeep: false });
  });
});

describe('holdsInfinity', () => {
  it('finds a number that overflowed to Infinity at any depth', () => {
    expect(holdsInfinity(JSON.parse('{"a":[1,{"b":1e400}]}'))).toBe(true);
    expect(holdsInfinity(JSON.parse('{"a":[1,{"b":1e300}]}'))).toBe(false);
  });
});
