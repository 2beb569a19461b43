/** render/profile.ts keeps its own list of the login defaults it shows (render/ reads no config/): it must be config's list, in order. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { PROFILE_DEFAULTS, type Profile } from '../../../src/config/profile.ts';
import { PROFILE_DEFAULT_ROWS, profileJson, profileLines } from '../../../src/render/profile.ts';

describe('profile views', () => {
  it('show exactly the login defaults a profile can hold, in the same order', () => {
    expect([...PROFILE_DEFAULT_ROWS]).toEqual([...PROFILE_DEFAULTS]);
  });

  it('show a stored secret only as its last characters, and a reference as it is', () => {
    const profile: Profile = {
      domain: 'https://t.example.com',
      clientId: 'app',
      appType: 'regular_web',
      secret: { kind: 'stored', value: 'super-secret-value' },
      redirectUri: 'http://127.0.0.1/cb',
    };
    const lines = profileLines('dev', profile, true, new Chalk({ level: 0 }));
    expect(lines[0]).toBe('dev (default)');
    expect(lines.join('\n')).toContain('stored in the config file (••••alue)');
    expect(lines.join('\n')).toContain('redirect uri');
    expect(lines.join('\n')).not.toContain('super-secret');
    expect(profileJson('dev', { ...profile, secret: { kind: 'env', name: 'DEV_SECRET' } }, false)).toMatchObject({
      name: 'dev',
      default: false,
      secret: { kind: 'env', name: 'DEV_SECRET' },
    });
  });
});
