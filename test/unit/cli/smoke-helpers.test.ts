import { describe, expect, it } from 'vitest';
import { checkExpectations, parseExpectations, valueAt } from '../../../src/cli/smoke/assertions.ts';
import { envAssignments } from '../../../src/cli/smoke/env-output.ts';
import { errorCommand, githubOutputText, maskCommands } from '../../../src/cli/smoke/github.ts';
import { identityTemplate } from '../../../src/cli/smoke/identity-template.ts';
import { nearestRank } from '../../../src/cli/smoke/percentiles.ts';
import { MAX_WAIT_MS, RateGate } from '../../../src/cli/smoke/rate-gate.ts';
import { RateLimitedError, UsageError } from '../../../src/core/errors.ts';

const tooMany = (headers: Record<string, string>, code = 'too_many_requests') =>
  new RateLimitedError('Too many requests.', { status: 429, body: { error: code }, headers });

describe('smoke helpers', () => {
  it('takes percentiles by nearest rank', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(nearestRank(sorted, 50)).toBe(10);
    expect(nearestRank(sorted, 95)).toBe(19);
    expect(nearestRank([7], 95)).toBe(7);
    expect(nearestRank([], 50)).toBe(0);
  });

  it('waits as long as retry-after says, else until the reset, bounded, and never for a block', () => {
    const gate = new RateGate();
    const now = 1_000_000_000_000;
    expect(gate.waitFor(tooMany({ 'retry-after': '3' }), now)).toBe(3000);
    expect(gate.waitFor(tooMany({ 'x-ratelimit-reset': String(now / 1000 + 5) }), now)).toBe(5000);
    expect(gate.waitFor(tooMany({ 'retry-after': '3600' }), now)).toBe(MAX_WAIT_MS);
    expect(gate.waitFor(tooMany({}), now)).toBe(1000);
    expect(gate.waitFor(tooMany({ 'retry-after': '1' }, 'too_many_attempts'), now)).toBeUndefined();
    expect(gate.waitFor(undefined, now)).toBeUndefined();
    gate.shut(2000, now);
    gate.shut(1500, now + 100);
    expect({ waits: gate.waits, waitedMs: gate.waitedMs }).toEqual({ waits: 1, waitedMs: 2000 });
  });

  it('fills identity templates, and refuses one without {n}', () => {
    expect(identityTemplate('ci+{n}@example.com', '--email-template')(7)).toBe('ci+7@example.com');
    expect(identityTemplate('+1555000{n:4}', '--phone-template')(42)).toBe('+15550000042');
    expect(() => identityTemplate('ci@example.com', '--email-template')).toThrow(UsageError);
  });

  it('reads dot paths, namespaced claims with dots of their own included', () => {
    const claims = { 'https://example.com/roles': ['admin'], address: { country: 'FR' }, 'a.b': 1, a: { b: 2 } };
    expect(valueAt(claims, 'https://example.com/roles')).toEqual(['admin']);
    expect(valueAt(claims, 'https://example.com/roles.0')).toBe('admin');
    expect(valueAt(claims, 'address.country')).toBe('FR');
    expect(valueAt(claims, 'a.b')).toBe(1);
    expect(valueAt(claims, 'address.city')).toBeUndefined();
  });

  it('compares values as JSON when they parse, else as strings; keys in any order', () => {
    const expectations = parseExpectations({ expectClaim: ['n=1', 'obj={"b":2,"a":1}', 'sub=email|abc', 'quoted="1"'] });
    const records = checkExpectations(
      expectations,
      {
        tokens: { access_token: 'opaque', token_type: 'Bearer', expires_in: 60 },
        idClaims: { n: 1, obj: { a: 1, b: 2 }, sub: 'email|abc', quoted: 1 },
        requestedScope: 'openid',
      },
      '',
    );
    expect(records.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(() => parseExpectations({ expectClaim: ['=x'] })).toThrow(/is not name=value/);
    expect(() => parseExpectations({ expectTtlMin: 'soon' })).toThrow(/--expect-ttl-min "soon" is not valid/);
  });

  it('says why an access-token claim cannot be read from an opaque token', () => {
    const [record] = checkExpectations(
      parseExpectations({ expectClaim: ['access_token.scope=openid'] }),
      {
        tokens: { access_token: 'opaque', token_type: 'Bearer', expires_in: 60 },
        idClaims: {},
        requestedScope: 'openid',
      },
      '',
    );
    expect(record).toMatchObject({ ok: false, found: expect.stringContaining('opaque: give --audience <api>') });
  });

  it('escapes workflow commands and writes outputs in the heredoc form', () => {
    expect(errorCommand('step token: 50%, bad', 'line 1\nline 2')).toBe('::error title=step token%3A 50%25%2C bad::line 1%0Aline 2');
    expect(maskCommands('a\nb')).toEqual(['::add-mask::a', '::add-mask::b']);
    expect(githubOutputText([['sub', 'email|1']])).toMatch(/^sub<<(ghadelimiter_[0-9a-f]{24})\nemail\|1\n\1\n$/);
  });

  it('quotes env assignments for sh and dotenv', () => {
    const tokens = { access_token: "it's", token_type: 'Bearer', expires_in: 60, scope: 'openid email' };
    expect(envAssignments(tokens, undefined, 'env')).toEqual([
      "export ACCESS_TOKEN='it'\\''s'",
      "export TOKEN_TYPE='Bearer'",
      "export EXPIRES_IN='60'",
      "export SCOPE='openid email'",
    ]);
    expect(envAssignments(tokens, 'x', 'dotenv')).toEqual(['ACCESS_TOKEN="it\'s"', 'TOKEN_TYPE=Bearer', 'EXPIRES_IN=60', 'SCOPE="openid email"', 'SUB=x']);
  });
});
