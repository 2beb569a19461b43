/**
 * The access token of a login without an `audience` (docs/auth0-behaviour.md, B-TOKEN-11): Auth0
 * issues an opaque token usable only at /userinfo ("opaque access tokens",
 * https://auth0.com/docs/secure/tokens/access-tokens), which looks like a JWE compact serialization
 * (RFC 7516 §7.1) with an empty encrypted-key part: `<header>..<iv>.<ciphertext>.<tag>`, protected
 * header `{"alg":"dir","enc":"A256GCM","iss":"https://<tenant>/"}`.
 *
 * The emulator's is a real JWE of that shape (docs/emulator.md, "POST /oauth/token"): the grant (sub,
 * azp, scope, iat, exp) encrypted with AES-256-GCM (RFC 7518 §5.3; `dir`, §4.5), the encoded
 * header as additional data (RFC 7516 §5.1 step 14). So it costs no RSA signature and the emulator
 * keeps nothing per token. The AES key is derived with HKDF-SHA256 (RFC 5869) from each RSA
 * signing key: it is kept wherever the signing key is (a key file, the state file), so a restart
 * with either still accepts the tokens, and after a rotation tokens of the previous key still
 * open, as JWTs of that key still verify.
 */
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import type { KeyRing } from './key-ring.ts';
import type { SigningKey } from './keys.ts';
import { osRandomBytes } from './random.ts';

/** What the token carries (the claims of a JWT access token that /userinfo needs). */
export interface OpaqueGrant {
  sub: string;
  azp: string;
  scope: string;
  iat: number;
  exp: number;
}

const HKDF_INFO = 'pwless emulator: opaque /userinfo access token, A256GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const contentKeys = new WeakMap<SigningKey, Buffer>();

function contentKey(key: SigningKey): Buffer {
  let secret = contentKeys.get(key);
  if (secret === undefined) {
    const der = key.privateKey.export({ format: 'der', type: 'pkcs8' });
    secret = Buffer.from(hkdfSync('sha256', der, Buffer.alloc(0), HKDF_INFO, 32));
    contentKeys.set(key, secret);
  }
  return secret;
}

/** The encoded protected header for an issuer (the additional authenticated data too). */
const headers = new Map<string, string>();

function encodedHeader(issuer: string): string {
  let header = headers.get(issuer);
  if (header === undefined) {
    header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', iss: issuer })).toString('base64url');
    headers.set(issuer, header);
  }
  return header;
}

/** Encrypts a grant under the current key. The IV is 96 random bits from the OS, never reused (NIST SP 800-38D §8.2.2). */
export function sealOpaqueToken(keys: KeyRing, issuer: string, grant: OpaqueGrant): string {
  const header = encodedHeader(issuer);
  const iv = osRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', contentKey(keys.current), iv);
  cipher.setAAD(Buffer.from(header, 'latin1'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(grant), 'utf8'), cipher.final()]);
  return `${header}..${iv.toString('base64url')}.${ciphertext.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/** Whether a string has the opaque token's shape: five parts, the second (the encrypted key) empty. */
export function looksOpaque(token: string): boolean {
  const parts = token.split('.');
  return parts.length === 5 && parts[1] === '';
}

function decrypt(secret: Buffer, header: string, iv: Buffer, ciphertext: Buffer, tag: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(header, 'latin1'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

function grantOf(plaintext: Buffer): OpaqueGrant | undefined {
  try {
    const value = JSON.parse(plaintext.toString('utf8')) as Partial<OpaqueGrant>;
    if (typeof value.sub !== 'string' || typeof value.exp !== 'number') return undefined;
    return value as OpaqueGrant;
  } catch {
    return undefined;
  }
}

/**
 * The grant of an opaque token issued by this emulator (current or previous key), or why it is not
 * one: `invalid` for anything that does not decrypt (tampered, foreign, another issuer's), `expired`
 * at or after its `exp` (in seconds) — as a JWT's `exp` is checked (RFC 7519 §4.1.4).
 */
export function openOpaqueToken(keys: KeyRing, issuer: string, token: string, nowSeconds: number): OpaqueGrant | 'invalid' | 'expired' {
  const segments = token.split('.');
  const [header = '', encryptedKey, iv = '', ciphertext = '', tag = ''] = segments;
  if (segments.length !== 5 || encryptedKey !== '' || header !== encodedHeader(issuer)) return 'invalid';
  const parts = [iv, ciphertext, tag].map((part) => Buffer.from(part, 'base64url'));
  // Buffer.from is lenient (it skips what is not base64url): one token has one spelling.
  if (parts.some((bytes, i) => bytes.toString('base64url') !== [iv, ciphertext, tag][i])) return 'invalid';
  if (parts[0]!.length !== IV_BYTES || parts[2]!.length !== TAG_BYTES) return 'invalid';
  for (const key of [keys.current, keys.previous]) {
    if (key === undefined) continue;
    const plaintext = decrypt(contentKey(key), header, parts[0]!, parts[1]!, parts[2]!);
    if (plaintext === undefined) continue;
    const grant = grantOf(plaintext);
    if (grant === undefined) return 'invalid';
    return nowSeconds >= grant.exp ? 'expired' : grant;
  }
  return 'invalid';
}
