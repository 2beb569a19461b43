/** A profile's secret and app type apply only to the profile's own application (docs/security.md). */
import { describe, expect, it } from 'vitest';
import { foreignTargetNote, loginProfile, resolveSettings } from '../../../src/config/resolve.ts';
import type { ConfigData } from '../../../src/config/store.ts';

const config: ConfigData = {
  defaultProfile: 'prod',
  profiles: {
    prod: {
      domain: 'https://prod.auth0.com',
      clientId: 'prod-app',
      appType: 'regular_web',
      secret: { kind: 'stored', value: 'prod-secret-value' },
      scope: 'openid email',
      connection: 'email',
    },
    ref: { domain: 'https://prod.auth0.com', clientId: 'ref-app', appType: 'regular_web', secret: { kind: 'env', name: 'REF_SECRET' } },
    plain: { domain: 'https://plain.auth0.com', clientId: 'plain-app', appType: 'native' },
  },
};

describe('secret scoping', () => {
  it('applies the secret and type of the profile to its own application', () => {
    const s = resolveSettings({}, {}, config);
    expect(s.secret?.value).toEqual({ kind: 'stored', value: 'prod-secret-value' });
    expect(s.appType?.value).toBe('regular_web');
    expect(s.foreignTarget).toBeUndefined();
    expect(loginProfile(s)).toBe('prod');
  });

  it('still counts a flag that names the profile own domain and client (written another way)', () => {
    const s = resolveSettings({ domain: 'prod.auth0.com', clientId: 'prod-app' }, {}, config);
    expect(s.secret?.value).toMatchObject({ kind: 'stored' });
    expect(loginProfile(s)).toBe('prod');
  });

  it.each([
    ['--domain to another server', { domain: 'http://127.0.0.1:4999' }, {}, '--domain http://127.0.0.1:4999'],
    ['--client-id of another app', { clientId: 'some-other-app' }, {}, '--client-id some-other-app'],
    ['PWLESS_DOMAIN elsewhere', {}, { PWLESS_DOMAIN: 'staging.auth0.com' }, 'PWLESS_DOMAIN staging.auth0.com'],
    ['PWLESS_CLIENT_ID of another app', {}, { PWLESS_CLIENT_ID: 'emulator-native' }, 'PWLESS_CLIENT_ID emulator-native'],
  ])('withholds secret and type for %s, keeps the other defaults, and says why', (_case, flags, env, because) => {
    const s = resolveSettings(flags, env, config);
    expect(s.secret).toBeUndefined();
    expect(s.appType).toBeUndefined();
    expect(s.scope).toMatchObject({ value: 'openid email', origin: 'profile prod' });
    expect(s.connection?.value).toBe('email');
    expect(s.foreignTarget).toEqual({ profile: 'prod', because: [because], withheld: ['client secret', 'application type'] });
    expect(foreignTargetNote(s)).toBe(
      `Not using the client secret and application type of profile prod: the target in force (${because}) is not the profile's application. Give this application's secret with PWLESS_CLIENT_SECRET or --client-secret-file if it has one.`,
    );
    // Its tokens and pending logins are not the profile's either.
    expect(loginProfile(s)).toBeUndefined();
  });

  it('withholds a secret reference too, so an unset variable cannot fail an unrelated login', () => {
    const s = resolveSettings({ profile: 'ref', clientId: 'emulator-native' }, {}, config);
    expect(s.secret).toBeUndefined();
  });

  it('lets PWLESS_CLIENT_SECRET go with whatever target is in force', () => {
    const s = resolveSettings({ clientId: 'other-app' }, { PWLESS_CLIENT_SECRET: 'other-secret' }, config);
    expect(s.secret).toMatchObject({ value: { kind: 'value', value: 'other-secret' }, origin: 'PWLESS_CLIENT_SECRET' });
    expect(s.foreignTarget?.withheld).toEqual(['client secret', 'application type']);
    // The secret in force is already this application's: the note does not ask for one.
    expect(foreignTargetNote(s)).toBe(
      "Not using the client secret and application type of profile prod: the target in force (--client-id other-app) is not the profile's application.",
    );
  });

  it('says only what it withheld: the type of a profile without a secret', () => {
    const s = resolveSettings({ profile: 'plain', clientId: 'x' }, {}, config);
    expect(s.foreignTarget?.withheld).toEqual(['application type']);
    expect(foreignTargetNote(s)).toMatch(/^Not using the application type of profile plain:/);
  });
});
