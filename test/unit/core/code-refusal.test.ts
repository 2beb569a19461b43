import { describe, expect, it } from 'vitest';
import { pageRefusalReason, refusalReason } from '../../../src/core/code-refusal.ts';

describe('refusalReason: one classification of refused codes', () => {
  it.each([
    ['Wrong email or verification code.', 'wrong'],
    ['Wrong phone number or verification code.', 'wrong'],
    ["You've reached the maximum number of attempts. Please try to login again.", 'exhausted'],
    ['The verification code has expired. Please try to login again.', 'expired'],
    ['Invalid authorization code', 'used'],
    ['Something the tenant says now', undefined],
  ])('%s → %s', (description, reason) => {
    expect(refusalReason({ error: 'invalid_grant', error_description: description })).toBe(reason);
  });

  it('gives no reason to other errors, except the expired text a link redirect carries', () => {
    expect(refusalReason({ error: 'access_denied', error_description: 'Wrong email or verification code.' })).toBeUndefined();
    expect(refusalReason({ error: 'unauthorized', error_description: 'The verification code has expired…' })).toBe('expired');
  });

  it("reads the emulator refusal page's kind, and falls back to the text elsewhere", () => {
    expect(pageRefusalReason('<meta name="pwless-error" content="superseded"><h1>A newer link has been sent</h1>', '')).toBe('superseded');
    expect(pageRefusalReason('<meta name="pwless-error" content="invalid">', '')).toBe('tampered');
    expect(pageRefusalReason('<meta name="pwless-error" content="callback_mismatch">', '')).toBe('callback_mismatch');
    expect(pageRefusalReason('<meta name="pwless-error" content="unknown_client">', '')).toBeUndefined();
    expect(pageRefusalReason('<h1>Expired</h1>', 'This link has expired')).toBe('expired');
  });
});
