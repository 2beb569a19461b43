import { describe, expect, it } from 'vitest';
import { duration, isoTimeFromSeconds, relativeTime, table } from '../../../src/render/format.ts';
import { claimValue, expiryPhrase, whenPhrase } from '../../../src/render/token-claims.ts';

describe('format', () => {
  const now = Date.UTC(2026, 10, 26, 8, 0, 0);
  it('humanises distances in both directions', () => {
    expect(relativeTime(now / 1000 + 36000 - 60, now)).toBe('in 9h 59m');
    expect(relativeTime(now / 1000 - 180, now)).toBe('3m ago');
    expect(relativeTime(now / 1000 + 86400, now)).toBe('in 1d');
    expect(relativeTime(now / 1000 + 45, now)).toBe('in 45s');
  });
  it('formats durations', () => {
    expect(duration(0)).toBe('0s');
    expect(duration(125)).toBe('2m 5s');
    expect(duration(3600 * 26)).toBe('1d 2h');
  });
  it('prints ISO time without milliseconds', () => {
    expect(isoTimeFromSeconds(now / 1000)).toBe('2026-11-26T08:00:00Z');
  });
  it('aligns two columns', () => {
    expect(
      table([
        ['a', '1'],
        ['long', '2'],
      ]),
    ).toEqual(['  a     1', '  long  2']);
  });
});

describe('times no Date can hold (issue 22, item 5)', () => {
  const now = Date.UTC(2026, 10, 26, 8, 0, 0);
  it('are said to be out of range, never thrown on', () => {
    expect(isoTimeFromSeconds(1e20)).toBe('100000000000000000000: beyond ±8640000000000 s, the range of dates');
    expect(isoTimeFromSeconds(8.64e12)).toBe('+275760-09-13T00:00:00Z');
    expect(claimValue('exp', 1e20, now)).toBe('100000000000000000000: beyond ±8640000000000 s, the range of dates');
    expect(claimValue('iat', now / 1000, now)).toBe(`${now / 1000}  2026-11-26T08:00:00Z (just now)`);
    expect(expiryPhrase(-1e20, now)).toBe('expiry -100000000000000000000: beyond ±8640000000000 s, the range of dates');
    expect(whenPhrase(1e20, now)).toBe('100000000000000000000: beyond ±8640000000000 s, the range of dates');
  });
});
