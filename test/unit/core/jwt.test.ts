import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyIdToken } from '../../../src/core/jwt.ts';
import { UsageError } from '../../../src/core/errors.ts';

const ISSUER = 'https://tenant.example.com/';
const JWKS_URI = 'https://tenant.example.com/.well-known/jwks.json';
const NOW = Date.UTC(2026, 10, 26, 8, 0, 0);
const iat = NOW / 1000;
let privateKey: CryptoKey;
let otherKey: CryptoKey;
let jwk: JWK;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  ({ privateKey, publicKey: jwk } = await generateKeyPair('RS256').then(async (pair) => ({
    privateKey: pair.privateKey,
    publicKey: await exportJWK(pair.publicKey),
  })));
  ({ privateKey: otherKey } = await generateKeyPair('RS256'));
  jwks = { keys: [{ ...jwk, kid: 'k1', alg: 'RS256', use: 'sig' }] };
});

function mint(claims: Record<string, unknown> = {}, key: CryptoKey = privateKey, kid = 'k1') {
  return new SignJWT({ sub: 'email|0123456789abcdef01234567', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer((claims.iss as string) ?? ISSUER)
    .setAudience((claims.aud as string | string[]) ?? 'client-1')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 36000)
    .sign(key);
}

const verify = (token: string, extra: { nonce?: string; now?: number; jwks?: JSONWebKeySet } = {}) =>
  verifyIdToken(token, { jwks, jwksUri: JWKS_URI, issuer: ISSUER, clientId: 'client-1', now: NOW, ...extra });

const failed = (result: Awaited<ReturnType<typeof verify>>) => result.checks.filter((c) => !c.ok).map((c) => c.name);

describe('verifyIdToken', () => {
  it('passes a token signed by a key of the JWKS with the right claims', async () => {
    const result = await verify(await mint());
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => c.name)).toEqual(['signed', 'alg', 'kid', 'signature', 'iss', 'sub', 'aud', 'exp', 'iat']);
  });

  it('fails the signature check for a token signed by another key', async () => {
    const result = await verify(await mint({}, otherKey));
    expect(failed(result)).toEqual(['signature']);
    expect(result.checks.find((c) => c.name === 'signature')?.found).toBe('the signature does not match');
  });

  it('fails the kid check for an unknown kid, and leaves the signature unchecked', async () => {
    const result = await verify(await mint({}, privateKey, 'nope'));
    expect(failed(result)).toEqual(['kid', 'signature']);
    expect(result.checks.find((c) => c.name === 'kid')?.found).toBe('no RS256 key with kid nope in the JWKS');
  });

  it('refuses alg none without trying the signature', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: ISSUER, aud: 'client-1', sub: 's', iat, exp: iat + 10 })).toString('base64url');
    const result = await verify(`${header}.${payload}.`);
    expect(failed(result)).toEqual(['signed', 'alg', 'kid', 'signature']);
    expect(result.checks.find((c) => c.name === 'signature')?.found).toBe('not checked: the algorithm is refused');
  });

  it('fails iss when the trailing slash is missing, showing both values', async () => {
    const result = await verify(await mint({ iss: 'https://tenant.example.com' }));
    expect(failed(result)).toEqual(['iss']);
    expect(result.checks.find((c) => c.name === 'iss')).toMatchObject({ expected: ISSUER, found: 'https://tenant.example.com' });
  });

  it('fails aud for another client, and azp when several audiences come without it', async () => {
    expect(failed(await verify(await mint({ aud: 'client-2' })))).toEqual(['aud']);
    expect(failed(await verify(await mint({ aud: ['client-1', 'https://api'] })))).toEqual(['azp']);
    expect((await verify(await mint({ aud: ['client-1', 'https://api'], azp: 'client-1' }))).ok).toBe(true);
  });

  it('applies the 60 s leeway to exp', async () => {
    const token = await mint();
    expect((await verify(token, { now: NOW + 36000 * 1000 + 59_000 })).ok).toBe(true);
    expect(failed(await verify(token, { now: NOW + 36000 * 1000 + 61_000 }))).toEqual(['exp']);
  });

  it('compares the nonce when one was sent, and reports one nobody knows as not checked', async () => {
    expect(failed(await verify(await mint({ nonce: 'n-1' }), { nonce: 'n-2' }))).toEqual(['nonce']);
    const unknown = await verify(await mint({ nonce: 'n-1' }));
    expect(unknown.ok).toBe(true);
    expect(unknown.checks.find((c) => c.name === 'nonce')).toMatchObject({ ok: true, checked: false, found: 'n-1' });
    expect((await verify(await mint({ nonce: 'n-1' }), { nonce: 'n-1' })).ok).toBe(true);
  });

  it('says what is wrong with a token that is not a JWT', async () => {
    await expect(verify('not-a-jwt')).rejects.toBeInstanceOf(UsageError);
  });

  it('says so when several keys of the JWKS match the kid, and leaves the signature unchecked', async () => {
    const twice = { keys: [jwks.keys[0]!, { ...jwks.keys[0]! }] };
    const result = await verify(await mint(), { jwks: twice });
    expect(failed(result)).toEqual(['kid', 'signature']);
    expect(result.checks.find((c) => c.name === 'kid')?.found).toBe('several RS256 keys match kid k1');
  });

  it('fails the kid check against an empty key set, naming where the keys came from', async () => {
    const result = await verify(await mint(), { jwks: { keys: [] } });
    expect(failed(result)).toEqual(['kid', 'signature']);
    expect(result.checks.find((c) => c.name === 'kid')).toMatchObject({ expected: `a key of ${JWKS_URI}`, found: 'no RS256 key with kid k1 in the JWKS' });
  });
});
