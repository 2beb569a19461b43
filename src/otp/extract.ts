/**
 * Finding the code in the text of a message, a file or a command's output: the digits after a
 * keyword first ("Your verification code is 123456"), then a lone run of 4–10 digits that is not
 * a year (2026) or part of a phone number or a word. --otp-regex overrides both.
 */
import { UsageError } from '../core/errors.ts';
import { isOneTimeCode } from './code-shape.ts';

// Word boundaries are Unicode-aware (\p{L}, \p{N}): "Ünïcode 1900" holds no keyword, and the
// digits of "café123456" are part of a word. \d stays ASCII digits only, as codes are.
const AFTER_KEYWORD =
  /(?<![\p{L}\p{N}_])(?:code|otp|passcode|verification|one[- ]time)(?![\p{L}\p{N}_])[^\d\n]{0,30}?(?<![\p{L}\p{N}_+])(\d{4,10})(?![\p{L}\p{N}_])/iu;
const LONE_RUN = /(?<![\p{L}\p{N}_+\-/.:])(\d{4,10})(?![\p{L}\p{N}_\-/:])/gu;

export function isYear(digits: string): boolean {
  return digits.length === 4 && /^(19|20)\d\d$/.test(digits);
}

export function compileOtpRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new UsageError(`--otp-regex ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}.`, {
      code: 'invalid_otp_regex',
      hint: 'The first capture group (or else the whole match) is taken as the code, e.g. --otp-regex "PIN: (\\d{6})".',
    });
  }
}

/** The code in a text, if any; what --otp-regex picks out counts only if it looks like a code (code-shape.ts). */
export function extractCode(text: string, regex?: RegExp): string | undefined {
  if (regex !== undefined) {
    const match = regex.exec(text);
    const picked = match ? (match[1] ?? match[0]).trim() : '';
    return isOneTimeCode(picked) ? picked : undefined;
  }
  const keyword = AFTER_KEYWORD.exec(text);
  if (keyword?.[1] !== undefined) return keyword[1];
  for (const match of text.matchAll(LONE_RUN)) {
    const digits = match[1] as string;
    if (!isYear(digits)) return digits;
  }
  return undefined;
}
