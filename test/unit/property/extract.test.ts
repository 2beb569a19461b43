// Property tests of code extraction (src/otp/extract.ts): any text gives a code or nothing, never an
// error; a code in arbitrary prose around "your code is" is found; a lone code among words is
// found; and a year is never taken for the code.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.ts';
import { compileOtpRegex, extractCode, isYear } from '../../../src/otp/extract.ts';
import { anyText, fragments, NASTY, onlyTyped, RUNS } from './hostile.ts';

const code = fc.stringMatching(/^[0-9]{4,10}$/).filter((digits) => !isYear(digits));
/** Prose without digits: words, punctuation, line breaks and any non-digit characters. */
const prose = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'Hello',
        'Sign in',
        'to',
        'Example',
        'Inc.',
        '©',
        ',',
        '.',
        '!',
        '\n',
        '\r\n',
        ' ',
        '—',
        '<b>',
        '</b>',
        'expires',
        'minutes',
        'Ünïcode',
        '😀',
      ),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(' ').replace(/[0-9]/g, ''));
const lead = fc.constantFrom('Your verification code is: ', 'Your code is ', 'code: ', 'OTP ', 'Your one-time passcode is ', 'Verification code - ', 'CODE=');

describe('extractCode on hostile input', () => {
  it('returns a string of digits or nothing for any text, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fragments([...NASTY, '2026', '123456', '+1415', 'code', 'OTP', '١٢٣٤'], 20)), (text) => {
        const found = extractCode(text);
        if (found !== undefined) expect(found).toMatch(/^[0-9]{4,10}$/);
        return true;
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('finds the code after the keyword, whatever prose surrounds it', () => {
    fc.assert(
      fc.property(prose, lead, code, fc.constantFrom('.', '', ' ', '\n', '!', ','), prose, (before, keyword, digits, end, after) => {
        expect(extractCode(`${before}\n${keyword}${digits}${end} ${after}`)).toBe(digits);
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('finds a lone code among words that hold no digits, even next to a year', () => {
    fc.assert(
      fc.property(prose, code, prose, fc.boolean(), (before, digits, after, withYear) => {
        const text = `${withYear ? '© 2026 ' : ''}${before} ${digits} ${after}`;
        expect(extractCode(text)).toBe(digits);
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('never takes digits glued to a word for the code, in any script', () => {
    const letter = fc.constantFrom('a', 'Z', 'é', 'ü', 'ß', 'Ж', 'λ', 'ا', '字', '_');
    fc.assert(
      fc.property(prose, letter, code, fc.boolean(), (before, glue, digits, gluedBefore) => {
        const word = gluedBefore ? `${glue}${digits}` : `${digits}${glue}`;
        expect(extractCode(`${before} ${word} ${before}`)).toBeUndefined();
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('never takes a year for the code', () => {
    const year = fc.integer({ min: 1900, max: 2099 }).map(String);
    fc.assert(
      fc.property(prose, year, prose, (before, digits, after) => {
        expect(extractCode(`${before} ${digits} ${after}`)).toBeUndefined();
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('compiles any --otp-regex or throws a UsageError, and the compiled one never throws on any text', () => {
    fc.assert(
      fc.property(fragments(['(', ')', '[', ']', '\\d', '{6}', '+', '*', '?', '|', '(?<n>', '\\', '^', '$', '.', 'PIN']), anyText, (pattern, text) => {
        let regex: RegExp;
        try {
          regex = compileOtpRegex(pattern);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          return true;
        }
        return onlyTyped(() => extractCode(text, regex), []);
      }),
      { numRuns: RUNS },
    );
  });
});
