// form.ts: strict application/x-www-form-urlencoded parsing (WHATWG URL §5.1, RFC 6749 §3.2).
import { describe, expect, it } from 'vitest';
import { OAuthError } from '../../../src/emulator/errors.ts';
import { formDecode, parseForm } from '../../../src/emulator/form.ts';

describe('parseForm', () => {
  it('decodes + as space and UTF-8 escapes, and skips empty pairs (B-TOKEN-1)', () => {
    expect({ ...parseForm('a=b+c&&d=%C3%A9%2B&e&=x') }).toEqual({ a: 'b c', d: 'é+', e: '', '': 'x' });
  });

  it('refuses a parameter given twice, and bad escapes (B-TOKEN-ERR-12)', () => {
    expect(() => parseForm('a=1&a=2')).toThrow(new OAuthError(400, 'invalid_request', "Parameter 'a' is included more than once."));
    expect(() => parseForm('a=%zz')).toThrow(OAuthError);
    expect(() => formDecode('%E0%A4%A')).toThrowError(/Invalid percent-encoding in form data: "%E0%A4%A"\./);
  });

  it('returns a null-prototype record, so __proto__ is just a name (E-ROBUST-1)', () => {
    const params = parseForm('__proto__=x');
    expect(Object.getPrototypeOf(params)).toBeNull();
    // biome-ignore lint/suspicious/noProto: the test is that `__proto__` is a plain key here.
    expect(params.__proto__).toBe('x');
  });
});
