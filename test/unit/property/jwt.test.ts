// Property tests of JWT decoding (src/core/jwt.ts): decodeToken on any text returns or throws a
// UsageError; classifyToken never throws; a JWT made of any JSON header and payload round-trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.ts';
import { classifyToken, decodeToken } from '../../../src/core/jwt-decode.ts';
import { anyText, fragments, NASTY, onlyTyped, RUNS } from './hostile.ts';

const b64 = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');
const segment = fc.oneof(
  fc.base64String().map((s) => s.replace(/=+$/, '')),
  fc.json().map(b64),
  fc.uint8Array({ maxLength: 24 }).map(b64),
  fragments(['eyJ', 'e30', 'bnVsbA', 'W10', '=', '+', '/', '-', '_', '.', 'A', '\u0000'], 6),
);
const tokenish = fc.oneof(
  anyText,
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.')),
  fragments([...NASTY, 'eyJhbGciOiJSUzI1NiJ9', '.', 'e30', '..'], 10),
);
const jsonObject = fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });

describe('decodeToken and classifyToken on hostile input', () => {
  it('decodeToken returns a header and claims, or throws a UsageError', () => {
    fc.assert(
      fc.property(tokenish, (token) => onlyTyped(() => decodeToken(token), [UsageError])),
      { numRuns: RUNS * 2 },
    );
  });

  it('classifyToken says jwt, jwe or opaque for any text, and never throws', () => {
    fc.assert(
      fc.property(tokenish, (token) => {
        expect(['jwt', 'jwe', 'opaque']).toContain(classifyToken(token).format);
        return true;
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('round-trips any JSON header and payload objects through decodeToken', () => {
    fc.assert(
      fc.property(jsonObject, jsonObject, fc.uint8Array({ maxLength: 64 }), (header, claims, signature) => {
        const token = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}.${b64(signature)}`;
        const expected = { header: JSON.parse(JSON.stringify(header)), claims: JSON.parse(JSON.stringify(claims)) };
        expect(decodeToken(token)).toEqual(expected);
        expect(classifyToken(token)).toEqual({ format: 'jwt', ...expected });
        return true;
      }),
      { numRuns: RUNS },
    );
  });
});
