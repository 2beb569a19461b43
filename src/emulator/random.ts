/**
 * Randomness for codes, ids and tokens. With a seed every value is repeatable: each purpose reads
 * its own HMAC_DRBG stream (NIST SP 800-90A §10.1.2, HMAC-SHA256, no reseeding) instantiated
 * from the seed and the purpose's label, so minting, say, a refresh token does not shift the
 * next one-time code. Without a seed the values come from the OS CSPRNG.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface RandomSource {
  bytes(length: number): Buffer;
  /** `length` decimal digits, uniformly distributed (rejection sampling, no modulo bias). */
  digits(length: number): string;
  /** `length` lowercase hex characters (`length` even). */
  hex(length: number): string;
}

function hmac(key: Buffer, ...parts: Buffer[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

export interface DrbgState {
  key: string;
  value: string;
}

/** The DRBG behind each seeded source. */
const generators = new WeakMap<RandomSource, HmacDrbg>();

/**
 * HMAC_DRBG: Instantiate (§10.1.2.3), Update (§10.1.2.2) and Generate (§10.1.2.5). Exported for
 * its NIST known-answer test.
 */
export class HmacDrbg {
  #key: Buffer = Buffer.alloc(32, 0x00);
  #value: Buffer = Buffer.alloc(32, 0x01);

  constructor(seedMaterial: Buffer) {
    this.#update(seedMaterial);
  }

  #update(data: Buffer): void {
    this.#key = hmac(this.#key, this.#value, Buffer.of(0x00), data);
    this.#value = hmac(this.#key, this.#value);
    if (data.length === 0) return;
    this.#key = hmac(this.#key, this.#value, Buffer.of(0x01), data);
    this.#value = hmac(this.#key, this.#value);
  }

  /** The internal state (K, V), hex: the state file keeps it so a seeded stream goes on after a restart. */
  exportState(): DrbgState {
    return { key: this.#key.toString('hex'), value: this.#value.toString('hex') };
  }

  importState(state: DrbgState): void {
    this.#key = Buffer.from(state.key, 'hex');
    this.#value = Buffer.from(state.value, 'hex');
  }

  generate(length: number): Buffer {
    const blocks: Buffer[] = [];
    let produced = 0;
    while (produced < length) {
      this.#value = hmac(this.#key, this.#value);
      blocks.push(this.#value);
      produced += this.#value.length;
    }
    this.#update(Buffer.alloc(0));
    return Buffer.concat(blocks).subarray(0, length);
  }
}

/** A source over any byte generator (exported for tests). */
export function sourceFrom(bytes: (length: number) => Buffer): RandomSource {
  return {
    bytes,
    digits(length) {
      let out = '';
      while (out.length < length) {
        for (const byte of bytes(length - out.length)) {
          // 250 = 25 × 10: bytes 250..255 would favour the digits 0..5, so they are dropped.
          if (byte < 250 && out.length < length) out += String(byte % 10);
        }
      }
      return out;
    },
    hex(length) {
      return bytes(Math.ceil(length / 2))
        .toString('hex')
        .slice(0, length);
    },
  };
}

/** Bytes from the OS CSPRNG handed out from a 4 KiB pool: one getrandom() per many small values, not one each. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

export function osRandomBytes(length: number): Buffer {
  if (length > POOL_BYTES / 4) return randomBytes(length);
  if (poolOffset + length > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  // A copy, so a value never shares memory with the pool nor with the next value.
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + length));
  pool.fill(0, poolOffset, poolOffset + length);
  poolOffset += length;
  return out;
}

/** One random stream; `label` separates the streams of one seed. */
export function randomSource(seed: string | undefined, label: string): RandomSource {
  if (seed === undefined) return sourceFrom(osRandomBytes);
  // Seed material = seed ‖ 0x00 ‖ label: the separator keeps ("ab","c") apart from ("a","bc").
  const drbg = new HmacDrbg(Buffer.concat([Buffer.from(seed, 'utf8'), Buffer.of(0), Buffer.from(label, 'utf8')]));
  const source = sourceFrom((length) => drbg.generate(length));
  generators.set(source, drbg);
  return source;
}

/** The streams the emulator uses, one per kind of value. */
export interface RandomSources {
  otp: RandomSource;
  startId: RandomSource;
  userId: RandomSource;
  messageId: RandomSource;
  refreshToken: RandomSource;
  /** Authorization codes of followed magic links. */
  authCode: RandomSource;
  jti: RandomSource;
  /** `mfa_token`s of `mfa_required` answers. */
  mfaToken: RandomSource;
  /** The draws of faults with a `rate`. */
  faultDraw: RandomSource;
  /** Login tickets, `co_id`s and `co_verifier`s of /co/authenticate. */
  loginTicket: RandomSource;
}

export function randomSources(seed: string | undefined): RandomSources {
  return {
    otp: randomSource(seed, 'otp'),
    startId: randomSource(seed, 'start-id'),
    userId: randomSource(seed, 'user-id'),
    messageId: randomSource(seed, 'message-id'),
    refreshToken: randomSource(seed, 'refresh-token'),
    authCode: randomSource(seed, 'auth-code'),
    jti: randomSource(seed, 'jti'),
    mfaToken: randomSource(seed, 'mfa-token'),
    faultDraw: randomSource(seed, 'fault-draw'),
    loginTicket: randomSource(seed, 'login-ticket'),
  };
}

/** The position of every seeded stream (none without a seed), for the state file. */
export function exportRandomState(sources: RandomSources): Record<string, DrbgState> | undefined {
  const state: Record<string, DrbgState> = {};
  for (const [name, source] of Object.entries(sources)) {
    const drbg = generators.get(source as RandomSource);
    if (drbg !== undefined) state[name] = drbg.exportState();
  }
  return Object.keys(state).length === 0 ? undefined : state;
}

/** Moves seeded streams to a saved position; unknown names and unseeded streams are skipped. */
export function importRandomState(sources: RandomSources, state: Record<string, DrbgState>): void {
  for (const [name, saved] of Object.entries(state)) {
    const source = (sources as unknown as Record<string, RandomSource | undefined>)[name];
    const drbg = source === undefined ? undefined : generators.get(source);
    drbg?.importState(saved);
  }
}
