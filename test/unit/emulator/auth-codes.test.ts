// auth-codes.ts in isolation: used and expired authorization codes are forgotten a while past their
// expiry, by a sweep on issue (docs/emulator.md "Memory", E-MEMORY-1).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUTH_CODE_TTL_SECONDS, AuthCodeStore } from '../../../src/emulator/auth-codes.ts';
import { sourceFrom } from '../../../src/emulator/random.ts';

const T = 1_000_000;
const GRANT = { client_id: 'app', redirect_uri: 'http://127.0.0.1/cb', user_id: 'email|1', scope: 'openid' };
const REMEMBERED_MS = 10 * 60_000;

function issueMany(codes: AuthCodeStore, now: number): void {
  for (let i = 0; i < 3000; i++) codes.issue(GRANT, now);
}

describe('authorization codes (E-MEMORY-1)', () => {
  it('forgets a used code once it is 10 minutes past its expiry', () => {
    const codes = new AuthCodeStore(sourceFrom(randomBytes));
    const old = codes.issue(GRANT, T);
    codes.consume(old);
    issueMany(codes, T + AUTH_CODE_TTL_SECONDS * 1000 + REMEMBERED_MS);
    expect(codes.find(old)).toBeUndefined();
    expect(codes.list().length).toBeLessThanOrEqual(3000);
  });

  it('remembers it until then, so a retry says "used"', () => {
    const codes = new AuthCodeStore(sourceFrom(randomBytes));
    const old = codes.issue(GRANT, T);
    codes.consume(old);
    issueMany(codes, T + AUTH_CODE_TTL_SECONDS * 1000 + REMEMBERED_MS - 1);
    expect(codes.find(old)?.used).toBe(true);
  });
});
