/**
 * schema-check.ts words each problem of config.json as conf's Ajv validator (allErrors) did, so
 * that dropping the run-time schema compile (issue 16) changes no message users see. The expected
 * sentences were recorded from conf 16 + Ajv with src/config/schema.ts.
 */
import { describe, expect, it } from 'vitest';
import { configViolation } from '../../../src/config/schema-check.ts';

const profile = { domain: 'https://t.example.com', clientId: 'abc', appType: 'native' };

describe('configViolation', () => {
  it.each([
    [{}],
    [{ schemaVersion: 1, defaultProfile: 'dev', profiles: { dev: profile }, notices: { plaintextSecret: true } }],
    [{ profiles: { dev: { ...profile, appType: 'regular_web', secret: { kind: 'env', name: 'SECRET' }, authParams: { prompt: 'login' } } } }],
    [{ somethingElse: 1, pending: { k: { a: 1 } }, tokens: { dev: {} } }],
  ])('accepts %j', (data) => {
    expect(configViolation(data)).toBeUndefined();
  });

  it.each([
    [{ profiles: { dev: { domain: 'x' } } }, "`profiles/dev` must have required property 'clientId'; `profiles/dev` must have required property 'appType'"],
    [{ schemaVersion: 2 }, '`schemaVersion` must be equal to constant'],
    [{ schemaVersion: 'x' }, '`schemaVersion` must be integer; `schemaVersion` must be equal to constant'],
    [{ notices: { a: 'x' } }, '`notices/a` must be boolean'],
    [
      { profiles: { dev: { ...profile, appType: 'bad', extra: 1 } } },
      '`profiles/dev/extra` must NOT have additional properties; `profiles/dev/appType` must be equal to one of the allowed values',
    ],
    [{ profiles: { dev: { ...profile, domain: '' } } }, '`profiles/dev/domain` must NOT have fewer than 1 characters'],
    [
      { profiles: { dev: { ...profile, secret: { kind: 'env' } } } },
      "`profiles/dev/secret` must have required property 'name'; `profiles/dev/secret` must have required property 'path'; `profiles/dev/secret/kind` must be equal to constant; `profiles/dev/secret` must have required property 'value'; `profiles/dev/secret/kind` must be equal to constant; `profiles/dev/secret` must match exactly one schema in oneOf",
    ],
    [{ profiles: [] }, '`profiles` must be object'],
  ])('refuses %j as Ajv worded it', (data, problems) => {
    expect(configViolation(data)).toBe(`Config schema violation: ${problems}`);
  });
});
