import { describe, expect, it } from 'vitest';
import { rateLimitOf } from '../../../src/core/rate-limit.ts';

describe('rateLimitOf', () => {
  it('reads the x-ratelimit-* headers, reset as ISO time', () => {
    expect(rateLimitOf({ 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' })).toEqual({
      limit: 50,
      remaining: 0,
      reset: '2030-01-01T00:00:00.000Z',
      retry_after: null,
    });
  });

  it('reads retry-after as seconds or as an HTTP date', () => {
    expect(rateLimitOf({ 'retry-after': '12' })?.retry_after).toBe(12);
    expect(rateLimitOf({ 'retry-after': 'Wed, 01 Jan 2030 00:00:30 GMT' }, Date.parse('2030-01-01T00:00:00Z'))?.retry_after).toBe(30);
  });

  it('is undefined without rate-limit headers, and ignores garbage', () => {
    expect(rateLimitOf({ 'content-type': 'application/json' })).toBeUndefined();
    expect(rateLimitOf({ 'x-ratelimit-limit': 'lots' })).toBeUndefined();
  });
});

describe('rateLimitOf on hostile headers', () => {
  it('never throws: a reset past the dates JavaScript can hold is no time at all', () => {
    expect(rateLimitOf({ 'x-ratelimit-reset': '99999999999999', 'x-ratelimit-limit': '50' })).toEqual({
      limit: 50,
      remaining: null,
      reset: null,
      retry_after: null,
    });
    expect(rateLimitOf({ 'x-ratelimit-reset': '9'.repeat(400) })).toBeUndefined();
  });
});
