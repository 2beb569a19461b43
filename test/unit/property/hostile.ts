/**
 * Shared pieces of the property tests: hostile text, and the check that a parser either returns
 * or throws one of pwless's typed errors (src/core/errors.ts) — never a TypeError, RangeError or
 * anything else that would reach the user as "unexpected internal error" (exit 1).
 *
 * fast-check picks a new random seed each run and prints the seed and the shrunk counterexample
 * of a failure, so a failure can be replayed with `fc.assert(…, { seed, path })`.
 */
import fc from 'fast-check';
import { PwlessError } from '../../../src/core/errors.ts';

/** Runs per property: a few hundred, so each file stays well under 3 s. */
export const RUNS = 300;

/** Any text: every code point, lone surrogates and control characters included. */
export const anyText = fc.string({ unit: 'binary', maxLength: 60 });

/** Text built from the fragments that parsers of URLs, numbers and tokens trip on, with noise between. */
export function fragments(pieces: string[], maxLength = 12): fc.Arbitrary<string> {
  return fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength }).map((parts) => parts.join(''));
}

/** The characters every parser here should survive. */
export const NASTY = [
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\u0000',
  '\u00a0',
  '\ufeff',
  '\u202e',
  '\ud800',
  '\udfff',
  '😀',
  'é',
  '%',
  '%zz',
  '%00',
  '%E0%A4%A',
  '&amp;',
  '&#x110000;',
  '&#99999999;',
  '"',
  "'",
  '<',
  '>',
  '\\',
  '=',
  '&',
  '?',
  '#',
  '/',
  ':',
  '@',
  '[',
  ']',
  '.',
  '-',
  '+',
  '_',
];

/** Calls `run`; passes if it returns, or throws a typed error of one of `allowed` (PwlessError by default). */
export function onlyTyped(run: () => unknown, allowed: ReadonlyArray<abstract new (...args: never[]) => Error> = [PwlessError]): true {
  try {
    run();
  } catch (error) {
    if (allowed.some((kind) => error instanceof kind)) return true;
    throw new Error(`threw an untyped ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  return true;
}

/** The same for async parsers. */
export async function onlyTypedAsync(run: () => Promise<unknown>, allowed: ReadonlyArray<abstract new (...args: never[]) => Error>): Promise<true> {
  try {
    await run();
  } catch (error) {
    if (allowed.some((kind) => error instanceof kind)) return true;
    throw new Error(`threw an untyped ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
  return true;
}
