/**
 * One-time codes, keyed by (connection, identity). Reference §4.1 and §7.2 items 2–4: only the
 * latest code of an identity is valid, a used code is void, and after 3 wrong tries the code is
 * void and every try answers "maximum number of attempts" until a new /passwordless/start.
 */
import { timingSafeEqual } from 'node:crypto';

/** Wrong tries allowed per code (reference §4.1, Auth0 docs D8/D9). */
export const MAX_FAILED_ATTEMPTS = 3;

/** The outcome of a try, in the order the checks run (see {@link OtpStore.check}). */
export type OtpCheck = 'ok' | 'wrong' | 'exhausted' | 'expired';

interface OtpRecord {
  code: string;
  expiresAt: number;
  failures: number;
}

/** A stored code as the state file keeps it. */
export interface SavedOtp {
  connection: string;
  identity: string;
  code: string;
  expires_at: number;
  failures: number;
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export class OtpStore {
  #records = new Map<string, OtpRecord>();

  #key(connection: string, identity: string): string {
    return `${connection}\u0000${identity}`;
  }

  /** Stores a new code, voiding the previous one and its failure count (§4.1 "only the latest"). */
  issue(connection: string, identity: string, code: string, expiresAt: number): void {
    this.#records.set(this.#key(connection, identity), { code, expiresAt, failures: 0 });
  }

  /**
   * Tries a code at time `now`. The checks run in this order:
   * 1. no code for the identity (never sent, or already used) → `wrong`;
   * 2. 3 wrong tries already made → `exhausted` (even for the right code);
   * 3. wrong code → `wrong`, and the try counts;
   * 4. right code but past its expiry → `expired` (kept, so a retry says the same);
   * 5. otherwise `ok`, and the code is used up.
   */
  check(connection: string, identity: string, otp: string, now: number): OtpCheck {
    const key = this.#key(connection, identity);
    const record = this.#records.get(key);
    if (record === undefined) return 'wrong';
    if (record.failures >= MAX_FAILED_ATTEMPTS) return 'exhausted';
    if (!sameCode(otp, record.code)) {
      record.failures += 1;
      return 'wrong';
    }
    if (now >= record.expiresAt) return 'expired';
    this.#records.delete(key);
    return 'ok';
  }

  list(): SavedOtp[] {
    return [...this.#records].map(([key, record]) => {
      const [connection = '', identity = ''] = key.split('\u0000');
      return { connection, identity, code: record.code, expires_at: record.expiresAt, failures: record.failures };
    });
  }

  /** Replaces every code (a reset gives `[]`, the state file its saved list). */
  replace(saved: SavedOtp[]): void {
    this.#records.clear();
    for (const otp of saved) {
      this.#records.set(this.#key(otp.connection, otp.identity), { code: otp.code, expiresAt: otp.expires_at, failures: otp.failures });
    }
  }
}
