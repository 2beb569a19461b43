import { describe, expect, it } from 'vitest';
import { requireTarget, resolveSettings } from '../../../src/config/resolve.ts';
import type { ConfigData } from '../../../src/config/store.ts';
import { ConfigError, UsageError } from '../../../src/core/errors.ts';

const config: ConfigData = {
  defaultProfile: 'dev',
  profiles: {
    dev: { domain: 'https://dev.auth0.com', clientId: 'dev-client', appType: 'native', email: 'dev@example.com', scope: 'openid' },
    prod: {
      domain: 'https://prod.auth0.com',
      clientId: 'prod-client',
      appType: 'regular_web',
      secret: { kind: 'env', name: 'PROD_SECRET' },
      phone: '+15550100',
    },
  },
};

describe('resolveSettings: flags > PWLESS_* > profile > defaults', () => {
  it.each([
    // [case, flags, env, expected domain value, expected origin]
    ['default profile only', {}, {}, 'https://dev.auth0.com', 'profile dev'],
    ['PWLESS_PROFILE selects another profile', {}, { PWLESS_PROFILE: 'prod' }, 'https://prod.auth0.com', 'profile prod'],
    ['--profile beats PWLESS_PROFILE', { profile: 'dev' }, { PWLESS_PROFILE: 'prod' }, 'https://dev.auth0.com', 'profile dev'],
    ['PWLESS_DOMAIN beats the profile', {}, { PWLESS_DOMAIN: 'env.auth0.com' }, 'env.auth0.com', 'PWLESS_DOMAIN'],
    ['--domain beats PWLESS_DOMAIN', { domain: 'flag.auth0.com' }, { PWLESS_DOMAIN: 'env.auth0.com' }, 'flag.auth0.com', '--domain'],
  ])('%s', (_case, flags, env, value, origin) => {
    expect(resolveSettings(flags, env, config).domain).toMatchObject({ value, origin });
  });

  it('resolves the client id with the same precedence', () => {
    expect(resolveSettings({}, {}, config).clientId?.origin).toBe('profile dev');
    expect(resolveSettings({}, { PWLESS_CLIENT_ID: 'e' }, config).clientId).toMatchObject({ value: 'e', source: 'env' });
    expect(resolveSettings({ clientId: 'f' }, { PWLESS_CLIENT_ID: 'e' }, config).clientId).toMatchObject({ value: 'f', source: 'flag' });
  });

  it('takes the secret from PWLESS_CLIENT_SECRET before the profile reference', () => {
    expect(resolveSettings({ profile: 'prod' }, {}, config).secret?.value).toEqual({ kind: 'env', name: 'PROD_SECRET' });
    expect(resolveSettings({ profile: 'prod' }, { PWLESS_CLIENT_SECRET: 's' }, config).secret).toMatchObject({
      value: { kind: 'value', value: 's' },
      origin: 'PWLESS_CLIENT_SECRET',
    });
  });

  it('falls back to the default scope, and a profile scope beats it', () => {
    expect(resolveSettings({}, {}, config).scope).toMatchObject({ value: 'openid', origin: 'profile dev' });
    expect(resolveSettings({ profile: 'prod' }, {}, config).scope).toMatchObject({ value: 'openid profile email', source: 'default' });
    expect(resolveSettings({ scope: 'openid offline_access' }, {}, config).scope.source).toBe('flag');
  });

  it('treats the identity as one choice: a --phone flag drops the profile email', () => {
    const s = resolveSettings({ phone: '+15550199' }, {}, config);
    expect(s.email).toBeUndefined();
    expect(s.phone).toMatchObject({ value: '+15550199', origin: '--phone' });
    expect(resolveSettings({}, {}, config).email?.value).toBe('dev@example.com');
  });

  it('uses no profile when none is selected and there is no default', () => {
    const s = resolveSettings({}, {}, { profiles: config.profiles });
    expect(s.profile).toBeUndefined();
    expect(s.domain).toBeUndefined();
  });

  it('names the existing profiles when the selected one is unknown', () => {
    const error = (() => {
      try {
        resolveSettings({ profile: 'stage' }, {}, config);
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toBe('There is no profile "stage" (from --profile).');
    expect(error?.hint).toBe('Profiles: dev, prod.');
  });
});

describe('requireTarget', () => {
  it('asks for a domain, then a client id, as configuration errors', () => {
    expect(() => requireTarget(resolveSettings({}, {}, {}))).toThrow(ConfigError);
    expect(() => requireTarget(resolveSettings({ domain: 't.auth0.com' }, {}, {}))).toThrow('No client id given.');
  });
  it('names the origin of a bad value', () => {
    expect(() => requireTarget(resolveSettings({}, { PWLESS_DOMAIN: 'http://t.example.com', PWLESS_CLIENT_ID: 'c' }, {}))).toThrow(UsageError);
    expect(() => requireTarget(resolveSettings({}, { PWLESS_DOMAIN: 't.auth0.com', PWLESS_CLIENT_ID: 'bad id' }, {}))).toThrow(/^PWLESS_CLIENT_ID "bad id"/);
  });
});
