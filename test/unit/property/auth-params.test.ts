// Property tests of `--auth-param key=value` (src/cli/login/auth-params.ts): any text gives a record or a
// UsageError; every valid key with any value round-trips, as an own property, even `__proto__`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectAuthParam } from '../../../src/cli/login/auth-params.ts';
import { UsageError } from '../../../src/core/errors.ts';
import { anyText, fragments, NASTY, onlyTyped, RUNS } from './hostile.ts';

const key = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
);
const value = fc.oneof(anyText, fragments([...NASTY, '==', 'a=b', 'https://app.example/cb?x=1&y=2']));

describe('collectAuthParam on hostile input', () => {
  it('returns a record or throws a UsageError naming the flag', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fragments([...NASTY, 'prompt', 'key', '1key'])), (input) => {
        try {
          collectAuthParam(input);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as UsageError).message).toMatch(/^--auth-param /);
        }
        return onlyTyped(() => collectAuthParam(input), [UsageError]);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps key=value exactly, as own properties, after the earlier ones', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 5 }), (pairs) => {
        let params: Record<string, string> = {};
        for (const [k, v] of pairs) params = collectAuthParam(`${k}=${v}`, params);
        const expected = new Map(pairs);
        expect(Object.keys(params).sort()).toEqual([...expected.keys()].sort());
        for (const [k, v] of expected) expect(Object.getOwnPropertyDescriptor(params, k)?.value).toBe(v);
        expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
        return true;
      }),
      { numRuns: RUNS },
    );
  });
});
