// IdentityMap: the (connection, identity) map behind users and codes (docs/emulator.md "Memory", E-MEMORY-1).
import { describe, expect, it } from 'vitest';
import { IdentityMap } from '../../../src/emulator/identity-map.ts';

describe('IdentityMap (E-MEMORY-1)', () => {
  it('keeps connections apart, counts entries, and forgets an emptied connection', () => {
    const map = new IdentityMap<number>();
    map.set('email', 'a@b.co', 1);
    map.set('sms', 'a@b.co', 2);
    map.set('email', 'a@b.co', 3);
    expect(map.size).toBe(2);
    expect(map.get('email', 'a@b.co')).toBe(3);
    expect(map.get('sms', 'a@b.co')).toBe(2);
    expect(map.get('email', 'other@b.co')).toBeUndefined();
    expect(map.delete('email', 'other@b.co')).toBe(false);
    expect(map.delete('email', 'a@b.co')).toBe(true);
    expect(map.size).toBe(1);
    expect([...map.entries()]).toEqual([['sms', 'a@b.co', 2]]);
  });

  it('lets a sweep delete entries while it iterates', () => {
    const map = new IdentityMap<number>();
    for (let i = 0; i < 10; i++) map.set(i % 2 === 0 ? 'email' : 'sms', `u${i}`, i);
    for (const [connection, identity, value] of map.entries()) if (value % 3 !== 0) map.delete(connection, identity);
    expect([...map.entries()].map(([, , value]) => value).sort()).toEqual([0, 3, 6, 9]);
    expect(map.size).toBe(4);
    map.clear();
    expect(map.size).toBe(0);
  });
});
