/**
 * One-time codes, keyed by (connection, identity). docs/auth0-behaviour.md, B-OTP-1, B-OTP-2: only the
 * latest code of an identity is valid, a used code is void, and after 3 wrong tries the code is
 * void and every try answers "maximum number of attempts" until a new /passwordless/start.
 *
 * A magic link is the same code (its `verification_code`), so it shares the record: the same
 * expiry, the same 3 tries, voided by a newer /start and used up by either an exchange at
 * /oauth/token or a followed link. For links the store also remembers, per identity, the last
 * few codes that were used or superseded, so that following an old link can say which it was
 * instead of "not valid" (docs/emulator.md "GET /passwordless/verify_redirect").
 *
 * Nothing is kept for ever: a code, and a used or superseded one, is forgotten {@link FORGET_AFTER_MS}
 * past its expiry (until then a retry still says "expired", "used" or "superseded"). The sweep
 * runs on write, once per as many writes as there are entries, so it costs O(1) per write.
 */
import { timingSafeEqual } from 'node:crypto';
import { IdentityMap } from './identity-map.ts';
import { firstDifference, type LinkBinding } from './magic-link.ts';

/** Wrong tries allowed per code (docs/auth0-behaviour.md, B-OTP-2). */
export const MAX_FAILED_ATTEMPTS = 3;

/** Retired codes remembered per identity (enough to name a stale link; older ones are "not valid"). */
const RETIRED_PER_IDENTITY = 10;

/** How long past its expiry a code, current or retired, is remembered (as authorization codes are). */
export const FORGET_AFTER_MS = 10 * 60_000;

/** Writes between two sweeps, at least; more when there are more entries (amortized O(1)). */
const SWEEP_EVERY = 1024;

/** The outcome of a try, in the order the checks run (see {@link OtpStore.check}). */
export type OtpCheck = 'ok' | 'wrong' | 'exhausted' | 'expired';

/** The outcome of following a link (see {@link OtpStore.checkLink}). */
export type LinkCheck =
  | { outcome: 'ok' }
  | { outcome: 'wrong' | 'exhausted' | 'expired' | 'used' | 'superseded' | 'unknown' }
  | { outcome: 'tampered'; param: string };

export type RetiredReason = 'used' | 'superseded';

interface OtpRecord {
  code: string;
  expiresAt: number;
  failures: number;
  /** What a `send: "link"` start put in the link; absent for `send: "code"`. */
  link?: LinkBinding | undefined;
}

/** A stored code as the state file keeps it. */
export interface SavedOtp {
  connection: string;
  identity: string;
  code: string;
  expires_at: number;
  failures: number;
  link?: LinkBinding | undefined;
}

/** A used or superseded code as the state file keeps it. */
export interface SavedRetiredOtp {
  connection: string;
  identity: string;
  code: string;
  reason: RetiredReason;
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

interface RetiredEntry {
  code: string;
  reason: RetiredReason;
  /** The code's own expiry; Infinity for one loaded from a state file (which does not keep it). */
  expiresAt: number;
}

export class OtpStore {
  #records = new IdentityMap<OtpRecord>();
  /** Newest first, per identity. */
  #retired = new IdentityMap<RetiredEntry[]>();
  #writesSinceSweep = 0;
  /** Entries left by the last sweep: the next one waits for as many writes (it then scans at most twice that). */
  #sizeAfterSweep = 0;

  #retire(connection: string, identity: string, record: OtpRecord, reason: RetiredReason): void {
    const entry = { code: record.code, reason, expiresAt: record.expiresAt };
    const older = this.#retired.get(connection, identity);
    this.#retired.set(connection, identity, older === undefined ? [entry] : [entry, ...older.slice(0, RETIRED_PER_IDENTITY - 1)]);
  }

  /** Uses up the current code: it goes, and is remembered as used. */
  #use(connection: string, identity: string, record: OtpRecord): void {
    this.#records.delete(connection, identity);
    this.#retire(connection, identity, record, 'used');
  }

  /**
   * Forgets codes and retired codes more than {@link FORGET_AFTER_MS} past their expiry at `now`.
   * Called on each write (a /passwordless/start); it scans only once per as many calls as there are entries.
   */
  forgetExpired(now: number): void {
    this.#writesSinceSweep += 1;
    if (this.#writesSinceSweep < Math.max(SWEEP_EVERY, this.#sizeAfterSweep)) return;
    this.#writesSinceSweep = 0;
    const horizon = now - FORGET_AFTER_MS;
    for (const [connection, identity, record] of this.#records.entries()) if (record.expiresAt <= horizon) this.#records.delete(connection, identity);
    for (const [connection, identity, list] of this.#retired.entries()) {
      const kept = list.filter((entry) => entry.expiresAt > horizon);
      if (kept.length === 0) this.#retired.delete(connection, identity);
      else if (kept.length < list.length) this.#retired.set(connection, identity, kept);
    }
    this.#sizeAfterSweep = this.#records.size + this.#retired.size;
  }

  /**
   * Stores a new code, voiding the previous one and its failure count (B-OTP-1 "only the latest").
   * `link` is what the magic link carries, when one was sent.
   */
  issue(connection: string, identity: string, code: string, expiresAt: number, link?: LinkBinding): void {
    const previous = this.#records.get(connection, identity);
    if (previous !== undefined) this.#retire(connection, identity, previous, 'superseded');
    this.#records.set(connection, identity, { code, expiresAt, failures: 0, link });
  }

  /**
   * Tries a code at time `now`. The checks run in this order:
   * 1. no code for the identity (never sent, superseded, or already used) → `wrong`;
   * 2. 3 wrong tries already made → `exhausted` (even for the right code);
   * 3. wrong code → `wrong`, and the try counts;
   * 4. right code but past its expiry → `expired` (kept, so a retry says the same);
   * 5. otherwise `ok`, and the code is used up — unless `consume` is false (POST
   *    /passwordless/verify checks the code that the followed verify_redirect then uses).
   */
  check(connection: string, identity: string, otp: string, now: number, consume = true): OtpCheck {
    const record = this.#records.get(connection, identity);
    if (record === undefined) return 'wrong';
    if (record.failures >= MAX_FAILED_ATTEMPTS) return 'exhausted';
    if (!sameCode(otp, record.code)) {
      record.failures += 1;
      return 'wrong';
    }
    if (now >= record.expiresAt) return 'expired';
    if (consume) this.#use(connection, identity, record);
    return 'ok';
  }

  /** Wrong tries left for the current code of an identity (the login page shows them), or undefined without one. */
  attemptsLeft(connection: string, identity: string): number | undefined {
    const record = this.#records.get(connection, identity);
    return record === undefined ? undefined : Math.max(0, MAX_FAILED_ATTEMPTS - record.failures);
  }

  /**
   * Follows a link: its `verification_code` and the binding of its query. In this order:
   * 1. the current code:
   *    a. 3 wrong tries already made → `exhausted`;
   *    b. a link was sent and a bound value differs (redirect_uri, state, scope, …) → `tampered`,
   *       which does not count as a try (the code is right) and leaves the code valid;
   *    c. past its expiry → `expired`;
   *    d. otherwise `ok`, and the code is used up;
   * 2. a code of this identity that was used or superseded → `used` / `superseded`;
   * 3. another code while a current one exists → `exhausted` after 3 wrong tries, else `wrong`,
   *    and the try counts (a link is no way around the 3-try limit);
   * 4. no code at all → `unknown`.
   */
  checkLink(connection: string, identity: string, code: string, followed: LinkBinding, now: number): LinkCheck {
    const record = this.#records.get(connection, identity);
    if (record !== undefined && sameCode(code, record.code)) {
      if (record.failures >= MAX_FAILED_ATTEMPTS) return { outcome: 'exhausted' };
      const param = record.link === undefined ? undefined : firstDifference(record.link, followed);
      if (param !== undefined) return { outcome: 'tampered', param };
      if (now >= record.expiresAt) return { outcome: 'expired' };
      this.#use(connection, identity, record);
      return { outcome: 'ok' };
    }
    const retired = this.#retired.get(connection, identity)?.find((entry) => sameCode(code, entry.code));
    if (retired !== undefined) return { outcome: retired.reason };
    if (record === undefined) return { outcome: 'unknown' };
    if (record.failures >= MAX_FAILED_ATTEMPTS) return { outcome: 'exhausted' };
    record.failures += 1;
    return { outcome: 'wrong' };
  }

  list(): SavedOtp[] {
    return [...this.#records.entries()].map(([connection, identity, record]) => {
      const saved: SavedOtp = { connection, identity, code: record.code, expires_at: record.expiresAt, failures: record.failures };
      if (record.link !== undefined) saved.link = { ...record.link };
      return saved;
    });
  }

  listRetired(): SavedRetiredOtp[] {
    return [...this.#retired.entries()].flatMap(([connection, identity, list]) => list.map(({ code, reason }) => ({ connection, identity, code, reason })));
  }

  /** Replaces every code and retired code (a reset gives `[]`, the state file its saved lists). */
  replace(saved: SavedOtp[], retired: SavedRetiredOtp[] = []): void {
    this.#records.clear();
    this.#retired.clear();
    for (const otp of saved) {
      const link = otp.link === undefined ? undefined : { ...otp.link };
      this.#records.set(otp.connection, otp.identity, { code: otp.code, expiresAt: otp.expires_at, failures: otp.failures, link });
    }
    for (const entry of retired) {
      const older = this.#retired.get(entry.connection, entry.identity) ?? [];
      this.#retired.set(entry.connection, entry.identity, [...older, { code: entry.code, reason: entry.reason, expiresAt: Number.POSITIVE_INFINITY }]);
    }
  }
}
