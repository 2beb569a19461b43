import { describe, expect, it } from 'vitest';
import { checkHint } from '../../../src/cli/tokens/check-hints.ts';
import type { Check } from '../../../src/core/jwt.ts';

const failed = (name: Check['name']): Check => ({ name, ok: false, expected: 'x', found: 'y' });
const NOW = Date.parse('2030-01-01T01:00:00Z');

describe('checkHint: each failed check gets the hint of its cause', () => {
  it('iat and nbf in the future: clock skew and --leeway', () => {
    expect(checkHint(failed('iat'), { iss: 'https://t.auth0.com/' })).toContain('clock skew');
    expect(checkHint(failed('nbf'), {})).toContain('--leeway');
  });

  it("iat in the future from a loopback issuer names the emulator's clock", () => {
    const hint = checkHint(failed('iat'), { iss: 'http://127.0.0.1:4010/' });
    expect(hint).toContain('POST /__emulator/clock');
    expect(hint).toContain('GET /__emulator/clock (offset_ms)');
    expect(hint).toContain('--leeway');
  });

  it('exp: when it expired and how long ago', () => {
    expect(checkHint(failed('exp'), { exp: Date.parse('2030-01-01T00:00:00Z') / 1000 }, NOW)).toBe(
      'The token expired at 2030-01-01T00:00:00.000Z, 60 min ago: get a new one with `pwless token refresh` or log in again.',
    );
  });

  it('kid: the keys were rotated', () => {
    expect(checkHint(failed('kid'), {})).toContain('rotated');
  });

  it('aud that is an API identifier: an access token, use --audience', () => {
    expect(checkHint(failed('aud'), { aud: ['https://api.example.com', 'https://t/userinfo'], scope: 'openid' })).toBe(
      'This looks like an access token for the API "https://api.example.com", not an ID token: verify it with --audience "https://api.example.com".',
    );
    expect(checkHint(failed('aud'), { aud: 'other-client' })).toContain('--client-id');
  });

  it('signature: do not trust it', () => {
    expect(checkHint(failed('signature'), {})).toContain('Do not trust this token');
  });
});
