/**
 * The RS256 signing key: loaded from a file (PEM PKCS#8, PEM PKCS#1 "RSA PRIVATE KEY", or one
 * private JWK as JSON) or generated per run. The `kid` is the RFC 7638 thumbprint of the public
 * JWK, so one key file always yields the same `kid` and JWKS.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { calculateJwkThumbprint } from 'jose';
import { EmulatorConfigError } from './errors.ts';

export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  use: 'sig';
  alg: 'RS256';
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
  publicJwk: PublicJwk;
}

const generateRsa = promisify(generateKeyPair);

/** RS256 needs at least a 2048-bit modulus (RFC 7518 §3.3); jose refuses smaller keys. */
const MIN_MODULUS_BITS = 2048;

function keyError(path: string, problem: string, cause?: unknown): EmulatorConfigError {
  return new EmulatorConfigError(
    'keyFile',
    `Key file ${path}: ${problem}. Give a PEM RSA private key (PKCS#8 or PKCS#1) or one private RSA JWK, ` +
      'or leave the key file out to generate a key for this run.',
    { cause },
  );
}

function parseKey(path: string, text: string): KeyObject {
  if (text.trimStart().startsWith('{')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch (err) {
      throw keyError(path, 'it looks like JSON but does not parse', err);
    }
    if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) {
      throw keyError(path, 'the JSON is not a JWK object');
    }
    if ('keys' in jwk) throw keyError(path, 'it is a JWK Set; give a single JWK');
    if (!('d' in jwk)) throw keyError(path, 'the JWK has no private part ("d")');
    try {
      return createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } catch (err) {
      throw keyError(path, `the JWK is not a valid private key (${(err as Error).message})`, err);
    }
  }
  try {
    return createPrivateKey(text);
  } catch (err) {
    throw keyError(path, `not a readable private key (${(err as Error).message})`, err);
  }
}

async function loadKeyFile(path: string): Promise<KeyObject> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw keyError(path, `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, err);
  }
  const key = parseKey(path, text);
  if (key.asymmetricKeyType !== 'rsa') {
    throw keyError(path, `it is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key, RS256 needs RSA`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_MODULUS_BITS) {
    throw keyError(path, `the RSA modulus has ${bits} bits, RS256 needs ${MIN_MODULUS_BITS} or more`);
  }
  return key;
}

/** The signing key of an RSA private key: its public half, RFC 7638 `kid` and public JWK. */
export async function signingKeyOf(privateKey: KeyObject, source = 'the key'): Promise<SigningKey> {
  const publicKey = createPublicKey(privateKey);
  const { n, e } = publicKey.export({ format: 'jwk' });
  if (n === undefined || e === undefined) throw keyError(source, 'the public key has no modulus or exponent');
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256');
  return { privateKey, publicKey, kid, publicJwk: { kty: 'RSA', n, e, kid, use: 'sig', alg: 'RS256' } };
}

/** A fresh 2048-bit RSA key (each run without a key file, and each rotation). */
export async function generateSigningKey(): Promise<SigningKey> {
  return signingKeyOf((await generateRsa('rsa', { modulusLength: MIN_MODULUS_BITS })).privateKey);
}

/** Loads the key file, or generates a fresh 2048-bit RSA key when there is none. */
export async function loadSigningKey(keyFile?: string): Promise<SigningKey> {
  if (keyFile === undefined) return generateSigningKey();
  return signingKeyOf(await loadKeyFile(keyFile), keyFile);
}
