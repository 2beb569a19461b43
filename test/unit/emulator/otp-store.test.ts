// otp-store.ts: docs/auth0-behaviour.md B-OTP-1, B-OTP-2 (latest code only, 3 wrong tries, used codes void) in isolation.
import { describe, expect, it } from 'vitest';
import { FORGET_AFTER_MS, OtpStore } from '../../../src/emulator/otp-store.ts';

const T = 1_000_000;

function store(): OtpStore {
  const otps = new OtpStore();
  otps.issue('email', 'a@b.co', '123456', T + 300_000);
  return otps;
}

describe('OtpStore.check', () => {
  it('accepts the code once, then answers wrong (B-OTP-1)', () => {
    const otps = store();
    expect(otps.check('email', 'a@b.co', '123456', T)).toBe('ok');
    expect(otps.check('email', 'a@b.co', '123456', T)).toBe('wrong');
  });

  it('answers wrong for an unknown identity or connection (B-TOKEN-ERR-1)', () => {
    const otps = store();
    expect(otps.check('email', 'x@b.co', '123456', T)).toBe('wrong');
    expect(otps.check('sms', 'a@b.co', '123456', T)).toBe('wrong');
  });

  it('is exhausted after 3 wrong tries, for every code, until a new issue (B-OTP-2)', () => {
    const otps = store();
    expect(['1', '22', '123457'].map((code) => otps.check('email', 'a@b.co', code, T))).toEqual(['wrong', 'wrong', 'wrong']);
    expect(otps.check('email', 'a@b.co', '123456', T)).toBe('exhausted');
    otps.issue('email', 'a@b.co', '654321', T + 300_000);
    expect(otps.check('email', 'a@b.co', '654321', T)).toBe('ok');
  });

  it('expires at expiresAt, keeps saying so, and a wrong code on an expired one still counts as wrong (B-OTP-5)', () => {
    const otps = store();
    expect(otps.check('email', 'a@b.co', '123456', T + 300_000)).toBe('expired');
    expect(otps.check('email', 'a@b.co', '123456', T + 300_000)).toBe('expired');
    expect(otps.check('email', 'a@b.co', '000000', T + 300_000)).toBe('wrong');
    const fresh = store();
    expect(fresh.check('email', 'a@b.co', '123456', T + 299_999)).toBe('ok');
  });

  it('voids the previous code on a new issue (B-OTP-1)', () => {
    const otps = store();
    otps.issue('email', 'a@b.co', '999999', T + 300_000);
    expect(otps.check('email', 'a@b.co', '123456', T)).toBe('wrong');
    expect(otps.check('email', 'a@b.co', '999999', T)).toBe('ok');
  });
});

describe('OtpStore.checkLink', () => {
  const sent = { client_id: 'app', redirect_uri: 'http://127.0.0.1/cb', state: 's' };
  function linkStore(): OtpStore {
    const otps = new OtpStore();
    otps.issue('email', 'a@b.co', '123456', T + 300_000, sent);
    return otps;
  }

  it('accepts the right code with the binding it was sent with, once (B-LINK-4, B-OTP-1)', () => {
    const otps = linkStore();
    expect(otps.checkLink('email', 'a@b.co', '123456', { ...sent }, T)).toEqual({ outcome: 'ok' });
    expect(otps.checkLink('email', 'a@b.co', '123456', { ...sent }, T)).toEqual({ outcome: 'used' });
    expect(otps.check('email', 'a@b.co', '123456', T)).toBe('wrong');
  });

  it('names the first changed, added or removed value, and leaves the code valid and its tries untouched (B-LINK-4)', () => {
    const otps = linkStore();
    expect(otps.checkLink('email', 'a@b.co', '123456', { ...sent, state: 'x' }, T)).toEqual({ outcome: 'tampered', param: 'state' });
    expect(otps.checkLink('email', 'a@b.co', '123456', { ...sent, nonce: 'n' }, T)).toEqual({ outcome: 'tampered', param: 'nonce' });
    expect(otps.checkLink('email', 'a@b.co', '123456', { client_id: 'app', state: 's' }, T)).toEqual({ outcome: 'tampered', param: 'redirect_uri' });
    expect(otps.list()[0]?.failures).toBe(0);
    expect(otps.checkLink('email', 'a@b.co', '123456', sent, T)).toEqual({ outcome: 'ok' });
  });

  it('binds nothing for a code sent with send=code (B-LINK-2)', () => {
    const otps = store();
    expect(otps.checkLink('email', 'a@b.co', '123456', { client_id: 'any', state: 'any' }, T)).toEqual({ outcome: 'ok' });
  });

  it('tells superseded, used, expired, wrong, exhausted and unknown apart (B-LINK-4)', () => {
    const otps = linkStore();
    otps.issue('email', 'a@b.co', '222222', T + 300_000, sent);
    expect(otps.checkLink('email', 'a@b.co', '123456', sent, T)).toEqual({ outcome: 'superseded' });
    expect(otps.checkLink('email', 'a@b.co', '222222', sent, T + 300_000)).toEqual({ outcome: 'expired' });
    expect(otps.checkLink('email', 'a@b.co', '999999', sent, T)).toEqual({ outcome: 'wrong' });
    expect(otps.checkLink('email', 'a@b.co', '999998', sent, T)).toEqual({ outcome: 'wrong' });
    expect(otps.check('email', 'a@b.co', '999997', T)).toBe('wrong');
    expect(otps.checkLink('email', 'a@b.co', '222222', sent, T)).toEqual({ outcome: 'exhausted' });
    expect(otps.checkLink('email', 'a@b.co', '999996', sent, T)).toEqual({ outcome: 'exhausted' });
    expect(otps.checkLink('email', 'x@b.co', '222222', sent, T)).toEqual({ outcome: 'unknown' });
  });

  it('keeps retired codes through list/replace (the state file) and forgets them on a reset (E-STATE-1, E-RESET-1)', () => {
    const otps = linkStore();
    otps.issue('email', 'a@b.co', '222222', T + 300_000);
    const copy = new OtpStore();
    copy.replace(otps.list(), otps.listRetired());
    expect(copy.listRetired()).toEqual([{ connection: 'email', identity: 'a@b.co', code: '123456', reason: 'superseded' }]);
    expect(copy.checkLink('email', 'a@b.co', '123456', sent, T)).toEqual({ outcome: 'superseded' });
    copy.replace([]);
    expect(copy.checkLink('email', 'a@b.co', '123456', sent, T)).toEqual({ outcome: 'unknown' });
  });
});

describe('forgetting expired codes (E-MEMORY-1)', () => {
  const sent = { client_id: 'app', redirect_uri: 'http://127.0.0.1/cb', state: 's' };
  const after = T + 300_000 + FORGET_AFTER_MS;

  /** Writes enough new codes at `now` for the sweep to run at least once. */
  function writeMany(otps: OtpStore, now: number, prefix: string): void {
    for (let i = 0; i < 3000; i++) {
      otps.forgetExpired(now);
      otps.issue('email', `${prefix}${i}@b.co`, '111111', now + 300_000);
    }
  }

  it('forgets codes and used or superseded codes past their expiry plus the grace, on write', () => {
    const otps = new OtpStore();
    otps.issue('email', 'old@b.co', '123456', T + 300_000);
    otps.issue('email', 'old@b.co', '234567', T + 300_000);
    otps.issue('email', 'used@b.co', '345678', T + 300_000);
    expect(otps.check('email', 'used@b.co', '345678', T)).toBe('ok');
    writeMany(otps, after, 'new');
    expect(otps.check('email', 'old@b.co', '234567', after)).toBe('wrong');
    expect(otps.checkLink('email', 'old@b.co', '123456', sent, after)).toEqual({ outcome: 'unknown' });
    expect(otps.checkLink('email', 'used@b.co', '345678', sent, after)).toEqual({ outcome: 'unknown' });
    expect(otps.list().some((otp) => otp.identity.startsWith('old') || otp.identity.startsWith('used'))).toBe(false);
    expect(otps.listRetired().some((otp) => otp.identity.startsWith('old') || otp.identity.startsWith('used'))).toBe(false);
    expect(otps.check('email', 'new2999@b.co', '111111', after)).toBe('ok');
  });

  it('keeps them within the grace: a retry still says expired or used', () => {
    const otps = new OtpStore();
    otps.issue('email', 'a@b.co', '123456', T + 300_000);
    otps.issue('email', 'u@b.co', '345678', T + 300_000);
    expect(otps.check('email', 'u@b.co', '345678', T)).toBe('ok');
    const within = after - 1;
    writeMany(otps, within, 'new');
    expect(otps.check('email', 'a@b.co', '123456', within)).toBe('expired');
    expect(otps.checkLink('email', 'u@b.co', '345678', sent, within)).toEqual({ outcome: 'used' });
  });
});
