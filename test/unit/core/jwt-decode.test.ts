import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.ts';
import { classifyToken, decodeToken } from '../../../src/core/jwt-decode.ts';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const HEADER = b64({ alg: 'RS256', kid: 'k1' });
const PAYLOAD = b64({ sub: 'email|1', exp: 1790000000 });

function reason(token: string): { code: string; message: string } {
  try {
    decodeToken(token, 'JWT given as the argument');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return { code: (error as UsageError).code, message: (error as Error).message };
  }
  throw new Error('expected a UsageError');
}

describe('decodeToken', () => {
  it('reads the header and claims of a JWS compact serialization, trimming whitespace', () => {
    expect(decodeToken(`  ${HEADER}.${PAYLOAD}.c2ln\n`)).toEqual({ header: { alg: 'RS256', kid: 'k1' }, claims: { sub: 'email|1', exp: 1790000000 } });
  });

  it('accepts the empty signature of an unsigned token (verification refuses it later)', () => {
    expect(decodeToken(`${b64({ alg: 'none' })}.${PAYLOAD}.`).header).toEqual({ alg: 'none' });
  });

  it.each([
    ['abc', 'The JWT given as the argument has 1 part; a JWT has 3, separated by dots: header.payload.signature (RFC 7515 §7.1).'],
    ['a.b', 'The JWT given as the argument has 2 parts; a JWT has 3, separated by dots: header.payload.signature (RFC 7515 §7.1).'],
    ['a.b.c.d', 'The JWT given as the argument has 4 parts; a JWT has 3, separated by dots: header.payload.signature (RFC 7515 §7.1).'],
  ])('counts the parts of %j', (token, message) => {
    expect(reason(token)).toEqual({ code: 'invalid_jwt', message });
  });

  it('says a 5-part token is an encrypted JWE and does not try to decode it', () => {
    expect(reason('a.b.c.d.e')).toEqual({ code: 'encrypted_jwt', message: expect.stringContaining('5 parts: it is an encrypted JWE (RFC 7516 §7.1)') });
  });

  it('names the first character that is not base64url, and why', () => {
    expect(reason(`${HEADER}.${PAYLOAD.slice(0, 4)}+${PAYLOAD.slice(5)}.sig`).message).toBe(
      `The JWT given as the argument's payload is not base64url: character 5 is "+", a character of standard base64 (base64url uses - and _).`,
    );
    expect(reason(`${HEADER}==.${PAYLOAD}.sig`).message).toBe(
      `The JWT given as the argument's header is not base64url: character ${HEADER.length + 1} is base64 padding "=", which JWTs leave out.`,
    );
    expect(reason(`${HEADER}.${PAYLOAD}.si g`).message).toBe(
      `The JWT given as the argument's signature is not base64url: character 3 is " ", which base64url does not use.`,
    );
    expect(reason(`${HEADER}.${PAYLOAD}.abcde`).message).toContain('no string of 5 characters (4n+1) encodes whole bytes');
  });

  it('says when a part is base64url but not JSON, or not an object', () => {
    expect(reason(`${b64('not json')}.${PAYLOAD}.sig`).message).toMatch(/^The JWT given as the argument's header is base64url but not JSON: Unexpected token/);
    expect(reason(`${HEADER}.${b64([1, 2])}.sig`).message).toBe("The JWT given as the argument's payload is JSON but not an object: [1,2].");
    expect(reason(`${HEADER}..sig`).message).toBe("The JWT given as the argument's payload is empty.");
    expect(reason(`${HEADER}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.sig`).message).toContain('not UTF-8 text');
  });
});

describe('classifyToken', () => {
  it('tells a JWT, a JWE and an opaque token apart', () => {
    expect(classifyToken(`${HEADER}.${PAYLOAD}.sig`)).toMatchObject({ format: 'jwt', header: { kid: 'k1' }, claims: { sub: 'email|1' } });
    expect(classifyToken('eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..iv.ciphertext.tag')).toEqual({ format: 'jwe' });
    expect(classifyToken('R8Tz2sYpNwQk0v3Jm7bX')).toEqual({ format: 'opaque' });
    expect(classifyToken('three.dotted.parts')).toEqual({ format: 'opaque' });
  });

  it("calls Auth0's opaque /userinfo token opaque, not an API's JWE (docs/auth0-behaviour.md, B-TOKEN-11)", () => {
    const auth0 = b64({ alg: 'dir', enc: 'A256GCM', iss: 'https://tenant.auth0.com/' });
    expect(classifyToken(`${auth0}..aXY.Y2lwaGVy.dGFn`)).toEqual({ format: 'opaque' });
    // With an encrypted key part, or a key-wrapping algorithm, it is an encrypted API token.
    expect(classifyToken(`${auth0}.a2V5.aXY.Y2lwaGVy.dGFn`)).toEqual({ format: 'jwe' });
    expect(classifyToken(`${b64({ alg: 'RSA-OAEP-256', enc: 'A256GCM', iss: 'x' })}..aXY.Y2lwaGVy.dGFn`)).toEqual({ format: 'jwe' });
    expect(reason(`${auth0}..aXY.Y2lwaGVy.dGFn`)).toEqual({ code: 'encrypted_jwt', message: expect.stringContaining("Auth0's opaque access token") });
  });
});

describe('decodeToken bounds what it reads (issue 22, item 5)', () => {
  const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  it('reads a payload 64 levels deep, and refuses one level more before parsing it', () => {
    expect(decodeToken(`${HEADER}.${b64(nested(64))}.c2ln`).claims).toHaveProperty('a');
    expect(reason(`${HEADER}.${b64(nested(65))}.c2ln`)).toEqual({
      code: 'invalid_jwt',
      message: "The JWT given as the argument's payload nests arrays and objects deeper than 64 levels, more than pwless reads.",
    });
  });

  it('refuses a claim nested 20,000 deep (which would overflow the stack of every view) and a deep header alike', () => {
    expect(reason(`${HEADER}.${b64(nested(20_000))}.c2ln`).code).toBe('invalid_jwt');
    expect(reason(`${b64(nested(100))}.${PAYLOAD}.c2ln`).message).toBe(
      "The JWT given as the argument's header nests arrays and objects deeper than 64 levels, more than pwless reads.",
    );
  });

  it('does not count brackets inside strings', () => {
    expect(decodeToken(`${HEADER}.${b64(`{"name":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}`)}.c2ln`).claims.name).toHaveLength(1001);
  });

  it('refuses a number JSON.parse turns into Infinity, which could be neither shown nor saved as it was', () => {
    expect(reason(`${HEADER}.${b64('{"sub":"x","exp":1e400}')}.c2ln`)).toEqual({
      code: 'invalid_jwt',
      message:
        "The JWT given as the argument's payload holds a number too large for a double (such as 1e400), which cannot be read as it was written (RFC 8259 §6).",
    });
    expect(classifyToken(`${HEADER}.${b64('{"x":[-1e999]}')}.c2ln`)).toEqual({ format: 'opaque' });
  });
});
