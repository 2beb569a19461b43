// The opaque /userinfo access token of a login without an audience: docs/auth0-behaviour.md B-TOKEN-11.
import { compactDecrypt } from 'jose';
import { hkdfSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyRing } from '../../../src/emulator/key-ring.ts';
import { generateSigningKey, type SigningKey } from '../../../src/emulator/keys.ts';
import { looksOpaque, openOpaqueToken, sealOpaqueToken, type OpaqueGrant } from '../../../src/emulator/opaque-access-token.ts';

const ISSUER = 'https://tenant.example/';
const GRANT: OpaqueGrant = { sub: 'email|0123456789abcdef01234567', azp: 'emulator-native', scope: 'openid email', iat: 1_800_000_000, exp: 1_800_086_400 };

let key: SigningKey;
beforeAll(async () => {
  key = await generateSigningKey();
});

describe('the opaque access token (B-TOKEN-11)', () => {
  it('is a JWE compact serialization with no encrypted key, header dir / A256GCM / iss, that opens to the grant', () => {
    const keys = new KeyRing(key);
    const token = sealOpaqueToken(keys, ISSUER, GRANT);
    const [header, encryptedKey, iv, , tag] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'dir', enc: 'A256GCM', iss: ISSUER });
    expect(encryptedKey).toBe('');
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(looksOpaque(token)).toBe(true);
    expect(looksOpaque('a.b.c')).toBe(false);
    expect(openOpaqueToken(keys, ISSUER, token, GRANT.iat)).toEqual(GRANT);
    // Two tokens of the same grant differ (a fresh IV each).
    expect(sealOpaqueToken(keys, ISSUER, GRANT)).not.toBe(token);
  });

  it('is a real JWE: a standard implementation decrypts it with the derived key (RFC 7516 §5.2)', async () => {
    const token = sealOpaqueToken(new KeyRing(key), ISSUER, GRANT);
    const secret = new Uint8Array(
      hkdfSync(
        'sha256',
        key.privateKey.export({ format: 'der', type: 'pkcs8' }),
        Buffer.alloc(0),
        'pwless emulator: opaque /userinfo access token, A256GCM',
        32,
      ),
    );
    const { plaintext, protectedHeader } = await compactDecrypt(token, secret);
    expect(protectedHeader).toEqual({ alg: 'dir', enc: 'A256GCM', iss: ISSUER });
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual(GRANT);
  });

  it('is refused when tampered, of another issuer or key, or at its exp', async () => {
    const keys = new KeyRing(key);
    const token = sealOpaqueToken(keys, ISSUER, GRANT);
    const parts = token.split('.');
    const flip = (index: number) => {
      const copy = [...parts];
      const bytes = Buffer.from(copy[index]!, 'base64url');
      bytes[0]! ^= 1;
      copy[index] = bytes.toString('base64url');
      return copy.join('.');
    };
    for (const index of [2, 3, 4]) expect(openOpaqueToken(keys, ISSUER, flip(index), GRANT.iat)).toBe('invalid');
    expect(openOpaqueToken(keys, 'https://other.example/', token, GRANT.iat)).toBe('invalid');
    expect(openOpaqueToken(new KeyRing(await generateSigningKey()), ISSUER, token, GRANT.iat)).toBe('invalid');
    expect(openOpaqueToken(keys, ISSUER, token, GRANT.exp - 1)).toEqual(GRANT);
    expect(openOpaqueToken(keys, ISSUER, token, GRANT.exp)).toBe('expired');
    expect(openOpaqueToken(keys, ISSUER, 'x..y.z.w', GRANT.iat)).toBe('invalid');
  });

  it('has one spelling: a part with bytes base64url skips, an encrypted key, or a sixth part is refused', () => {
    const keys = new KeyRing(key);
    const token = sealOpaqueToken(keys, ISSUER, GRANT);
    const [header, , iv, ciphertext, tag] = token.split('.');
    expect(openOpaqueToken(keys, ISSUER, token, GRANT.iat)).toEqual(GRANT);
    expect(openOpaqueToken(keys, ISSUER, [header, '', `${iv}!`, ciphertext, tag].join('.'), GRANT.iat)).toBe('invalid');
    expect(openOpaqueToken(keys, ISSUER, [header, 'AA', iv, ciphertext, tag].join('.'), GRANT.iat)).toBe('invalid');
    expect(openOpaqueToken(keys, ISSUER, `${token}.x`, GRANT.iat)).toBe('invalid');
  });

  it('still opens after one key rotation, not after two, as JWTs of the previous key still verify', async () => {
    const keys = new KeyRing(key);
    const token = sealOpaqueToken(keys, ISSUER, GRANT);
    await keys.rotate();
    expect(openOpaqueToken(keys, ISSUER, token, GRANT.iat)).toEqual(GRANT);
    await keys.rotate();
    expect(openOpaqueToken(keys, ISSUER, token, GRANT.iat)).toBe('invalid');
  });
});
