/**
 * The verification matrix of issue 5: tokens minted here, against a key set made here.
 * Each bad token fails under its own check name, which becomes the VerificationError code and exit 8.
 */
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src/cli/exit-codes.ts';
import { verificationFailure } from '../../../src/cli/tokens/verification-failure.ts';
import { verifyIdToken, type VerifyIdTokenOptions } from '../../../src/core/jwt.ts';

const ORIGIN = 'https://checks.example.com';
const ISSUER = `${ORIGIN}/`;
const JWKS_URI = `${ORIGIN}/.well-known/jwks.json`;
const CLIENT = 'client-1';
const NOW = Date.UTC(2026, 10, 26, 8, 0, 0);
const now = NOW / 1000;

const keys: Record<'RS256' | 'PS256' | 'ES256', { privateKey: CryptoKey; jwk: JWK; kid: string }> = {} as never;
let rsaPem: string;
let stranger: CryptoKey;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  for (const [alg, kid] of [
    ['RS256', 'rs'],
    ['PS256', 'ps'],
    ['ES256', 'es'],
  ] as const) {
    const pair = await generateKeyPair(alg, { extractable: true });
    keys[alg] = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' }, kid };
    if (alg === 'RS256') rsaPem = await exportSPKI(pair.publicKey);
  }
  ({ privateKey: stranger } = await generateKeyPair('RS256'));
  jwks = { keys: Object.values(keys).map((k) => k.jwk) };
});

const CLAIMS = { iss: ISSUER, sub: 'email|0123456789abcdef01234567', aud: CLIENT, iat: now, exp: now + 36000 };

function mint(claims: Record<string, unknown> = {}, alg: keyof typeof keys = 'RS256', header: { kid?: string; key?: CryptoKey } = {}) {
  return new SignJWT({ ...CLAIMS, ...claims }).setProtectedHeader({ alg, kid: header.kid ?? keys[alg].kid }).sign(header.key ?? keys[alg].privateKey);
}

/** A JWS by hand, for headers jose will not sign (alg none). */
function unsigned(alg: string, claims: Record<string, unknown> = CLAIMS): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg, kid: 'rs' })}.${part(claims)}.`;
}

const verify = (token: string, extra: Partial<VerifyIdTokenOptions> = {}) =>
  verifyIdToken(token, { jwks, jwksUri: JWKS_URI, issuer: ISSUER, clientId: CLIENT, now: NOW, ...extra });

/** The error a failed verification exits with: its code and the exit status of its family. */
async function failure(token: string, extra: Partial<VerifyIdTokenOptions> = {}) {
  const result = await verify(token, extra);
  const error = verificationFailure(result);
  return {
    ok: result.ok,
    code: error?.code,
    exit: error ? exitCodeFor(error.family) : 0,
    failed: result.checks.filter((c) => !c.ok).map((c) => c.name),
    result,
  };
}

describe('a valid token', () => {
  it.each(['RS256', 'PS256', 'ES256'] as const)('passes every check when signed with %s by a key of the JWKS', async (alg) => {
    const { ok, failed, exit, result } = await failure(await mint({}, alg));
    expect(failed).toEqual([]);
    expect(ok).toBe(true);
    expect(exit).toBe(0);
    expect(result.checks.find((c) => c.name === 'kid')?.found).toBe(`${keys[alg].kid} (in the JWKS)`);
  });
});

describe('each bad token fails under its own check name, with exit 8', () => {
  it('bad signature: signed by a key that is not the one its kid names', async () => {
    const f = await failure(await mint({}, 'RS256', { key: stranger }));
    expect(f).toMatchObject({ code: 'signature', exit: 8, failed: ['signature'] });
  });

  it('unknown kid', async () => {
    const f = await failure(await mint({}, 'RS256', { kid: 'retired-key' }));
    expect(f).toMatchObject({ code: 'kid', exit: 8 });
    expect(f.result.checks.find((c) => c.name === 'kid')?.found).toBe('no RS256 key with kid retired-key in the JWKS');
  });

  it.each(['none', 'None', 'NONE'])('alg %s: an unsigned token', async (alg) => {
    const f = await failure(unsigned(alg));
    expect(f).toMatchObject({ code: 'signed', exit: 8 });
    expect(f.result.checks.find((c) => c.name === 'signed')?.found).toBe(`alg ${alg}: an unsigned token`);
  });

  it("HS256 signed with the bytes of the tenant's public key (key confusion)", async () => {
    const token = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'HS256', kid: 'rs' }).sign(new TextEncoder().encode(rsaPem));
    const f = await failure(token);
    expect(f).toMatchObject({ code: 'alg', exit: 8, failed: ['alg', 'kid', 'signature'] });
    expect(f.result.checks.find((c) => c.name === 'alg')?.found).toMatch(/^HS256 \(symmetric: refused/);
  });

  it('expired beyond the leeway (and not within it)', async () => {
    expect(await failure(await mint({ exp: now - 61 }))).toMatchObject({ code: 'exp', exit: 8, failed: ['exp'] });
    expect((await failure(await mint({ exp: now - 59 }))).ok).toBe(true);
    expect((await failure(await mint({ exp: now - 59 }), { leewaySeconds: 0 })).code).toBe('exp');
  });

  it('nbf in the future beyond the leeway', async () => {
    expect(await failure(await mint({ nbf: now + 120 }))).toMatchObject({ code: 'nbf', exit: 8, failed: ['nbf'] });
    expect((await failure(await mint({ nbf: now + 30 }))).ok).toBe(true);
  });

  it('wrong iss, including the same host without the trailing slash', async () => {
    expect(await failure(await mint({ iss: 'https://evil.example.com/' }))).toMatchObject({ code: 'iss', exit: 8, failed: ['iss'] });
    const slash = await failure(await mint({ iss: ORIGIN }));
    expect(slash).toMatchObject({ code: 'iss', exit: 8, failed: ['iss'] });
    expect(slash.result.checks.find((c) => c.name === 'iss')).toMatchObject({ expected: ISSUER, found: ORIGIN });
  });

  it('wrong aud', async () => {
    expect(await failure(await mint({ aud: 'client-2' }))).toMatchObject({ code: 'aud', exit: 8, failed: ['aud'] });
  });

  it('several audiences without azp', async () => {
    expect(await failure(await mint({ aud: [CLIENT, 'https://api.example.com'] }))).toMatchObject({ code: 'azp', exit: 8, failed: ['azp'] });
    expect((await failure(await mint({ aud: [CLIENT, 'https://api.example.com'], azp: CLIENT }))).ok).toBe(true);
  });

  it('nonce mismatch', async () => {
    const f = await failure(await mint({ nonce: 'sent-by-someone-else' }), { nonce: 'sent-by-us' });
    expect(f).toMatchObject({ code: 'nonce', exit: 8, failed: ['nonce'] });
    expect(f.result.checks.find((c) => c.name === 'nonce')).toMatchObject({ expected: 'sent-by-us', found: 'sent-by-someone-else' });
  });
});

describe('checks asked for by options', () => {
  it('auth_time with --max-age: required, and no older than max age + leeway', async () => {
    const maxAgeSeconds = 300;
    expect((await failure(await mint({ auth_time: now - 300 }), { maxAgeSeconds })).ok).toBe(true);
    expect(await failure(await mint({ auth_time: now - 400 }), { maxAgeSeconds })).toMatchObject({ code: 'auth_time', exit: 8, failed: ['auth_time'] });
    expect(await failure(await mint(), { maxAgeSeconds })).toMatchObject({ code: 'auth_time', failed: ['auth_time'] });
    expect((await verify(await mint())).checks.map((c) => c.name)).not.toContain('auth_time');
  });

  it('sub must be the original user when a subject is given (a refreshed ID token)', async () => {
    expect((await failure(await mint(), { subject: CLAIMS.sub })).ok).toBe(true);
    expect(await failure(await mint({ sub: 'email|another' }), { subject: CLAIMS.sub })).toMatchObject({ code: 'sub', exit: 8, failed: ['sub'] });
  });

  it('the VerificationError names the check, the expected and the found value', async () => {
    const error = verificationFailure(await verify(await mint({ aud: 'client-2' })));
    expect(error?.message).toBe('The token failed the aud check: expected contains client-1, found client-2.');
  });
});

describe('a time claim no Date can hold (issue 22, item 5)', () => {
  // 1e20 s is a JSON number but beyond ±8.64e15 ms (ECMA-262 §21.4.1.1): a failed check naming the claim, never a RangeError.
  it.each([
    ['exp', { exp: 1e20 }, {}],
    ['exp', { exp: -1e20 }, {}],
    ['iat', { iat: 1e20 }, {}],
    ['nbf', { nbf: 1e20 }, {}],
    ['auth_time', { auth_time: 1e20 }, { maxAgeSeconds: 300 }],
  ])('%s of %j fails its own check with exit 8, saying why', async (name, claims, options) => {
    const f = await failure(await mint(claims), options);
    expect(f).toMatchObject({ code: name, exit: 8, failed: [name] });
    const value = Object.values(claims)[0] as number;
    expect(f.result.checks.find((c) => c.name === name)?.found).toBe(`${String(value)}: beyond ±8640000000000 s, the range of dates`);
  });

  it('the last second a Date holds is still a time', async () => {
    expect((await failure(await mint({ exp: 8.64e12 }))).ok).toBe(true);
    expect((await failure(await mint({ exp: 8.64e12 + 1 }))).code).toBe('exp');
  });
});

describe('the hint of a time claim no Date can hold', () => {
  it('blames the token, not the clock', async () => {
    const error = verificationFailure(await verify(await mint({ iat: 1e20 })));
    expect(error?.hint).toBe(
      "The token's iat is 100000000000000000000, a number no date can be: the issuer minted a broken token. Do not trust this token; compare the tenant's issuer, keys and client id with what your app expects.",
    );
  });
});
