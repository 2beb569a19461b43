// otp-store.ts: reference §4.1 (latest code only, 3 wrong tries, used codes void) in isolation.
import { describe, expect, it } from 'vitest';
import { OtpStore } from '../../../src/emulator/otp-store.ts';

const T = 1_000_000;

function store(): OtpStore {
  const otps = new OtpStore();
  otps.issue('email', 'a@b.co', '123456', T + 300_000);
  return otps;
}

describe('OtpStore.check', () => {
  it('accepts the code once, then answers wrong', () => {
    const otps = store();
    expect(otps.check('email', 'a@b.co', '123456', T)).toBe('ok');
    expect(otps.check('email', 'a@b.co', '123456', T)).toBe('wrong');
  });

  it('answers wrong for an unknown identity or connection', () => {
    const otps = store();
    expect(otps.check('email', 'x@b.co', '123456', T)).toBe('wrong');
    expect(otps.check('sms', 'a@b.co', '123456', T)).toBe('wrong');
  });

  it('is exhausted after 3 wrong tries, for every code, until a new issue', () => {
    const otps = store();
    expect(['1', '22', '123457'].map((code) => otps.check('email', 'a@b.co', code, T))).toEqual(['wrong', 'wrong', 'wrong']);
    expect(otps.check('email', 'a@b.co', '123456', T)).toBe('exhausted');
    otps.issue('email', 'a@b.co', '654321', T + 300_000);
    expect(otps.check('email', 'a@b.co', '654321', T)).toBe('ok');
  });

  it('expires at expiresAt, keeps saying so, and a wrong code on an expired one still counts as wrong', () => {
    const otps = store();
    expect(otps.check('email', 'a@b.co', '123456', T + 300_000)).toBe('expired');
    expect(otps.check('email', 'a@b.co', '123456', T + 300_000)).toBe('expired');
    expect(otps.check('email', 'a@b.co', '000000', T + 300_000)).toBe('wrong');
    const fresh = store();
    expect(fresh.check('email', 'a@b.co', '123456', T + 299_999)).toBe('ok');
  });

  it('voids the previous code on a new issue', () => {
    const otps = store();
    otps.issue('email', 'a@b.co', '999999', T + 300_000);
    expect(otps.check('email', 'a@b.co', '123456', T)).toBe('wrong');
    expect(otps.check('email', 'a@b.co', '999999', T)).toBe('ok');
  });
});
