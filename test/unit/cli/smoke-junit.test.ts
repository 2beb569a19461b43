import { describe, expect, it } from 'vitest';
import { junitXml } from '../../../src/cli/smoke/junit.ts';
import { AssertionFailedError, CodeRejectedError } from '../../../src/core/errors.ts';
import type { SmokeRun } from '../../../src/render/smoke.ts';
import { junitViolations, parseXml } from '../../helpers/junit-schema.ts';

const target = { domain: 'https://t.example.com', clientId: 'abc', send: 'code' as const };
const refused = new CodeRejectedError('Wrong email or verification code.', { status: 403, body: { error: 'invalid_grant' } });

function run(overrides: Partial<SmokeRun>): SmokeRun {
  return {
    n: 1,
    identity: 'ci@example.com',
    steps: [
      { name: 'start', status: 'passed', ms: 120 },
      { name: 'code', status: 'passed', ms: 1500, note: 'from $OTP' },
      { name: 'token', status: 'failed', ms: 87, error: refused },
      { name: 'verify', status: 'skipped', ms: 0, note: 'not run: the token step failed' },
    ],
    assertions: [{ name: 'claim email', expected: '"ci@example.com"', found: '(not checked: the token step failed)', ok: null }],
    claims: {},
    failure: refused,
    failedStep: 'token',
    ...overrides,
  };
}

describe('the JUnit report', () => {
  it('is valid against the schema CI servers read: a failed step, a skipped one, an unchecked assertion', () => {
    const root = parseXml(junitXml([run({})], target, new Date('2030-01-02T03:04:05.678Z'), (text) => text));
    expect(junitViolations(root)).toEqual([]);
    const suite = root.children[0]!;
    expect(suite.attributes).toMatchObject({
      name: 'pwless smoke',
      tests: '5',
      failures: '1',
      errors: '0',
      skipped: '2',
      time: '1.707',
      timestamp: '2030-01-02T03:04:05',
    });
    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual([
      'start (POST /passwordless/start)',
      'code (read the code)',
      'token (POST /oauth/token)',
      'verify (verify the ID token)',
      'assert claim email',
    ]);
    expect(cases[1]!.attributes.time).toBe('1.500');
    expect(cases[2]!.children[0]).toMatchObject({ name: 'failure', attributes: { message: 'Wrong email or verification code.', type: 'invalid_grant' } });
    expect(cases[3]!.children[0]!.name).toBe('skipped');
  });

  it('escapes what XML cannot hold as is, and drops what it cannot hold at all', () => {
    const failure = new AssertionFailedError('x', { code: 'assertion_failed', failed: [] });
    const nasty = run({
      failure,
      failedStep: undefined,
      steps: [{ name: 'start', status: 'passed', ms: 1 }],
      assertions: [{ name: 'claim https://x.example/"roles"&<a>', expected: '["a\'b"]', found: 'tab\there\u0001 bell\nline', ok: false }],
    });
    const root = parseXml(junitXml([nasty], target, new Date(), (text) => text));
    expect(junitViolations(root)).toEqual([]);
    const testcase = root.children[0]!.children.find((c) => c.name === 'testcase' && c.attributes.name?.startsWith('assert'))!;
    expect(testcase.attributes.name).toBe('assert claim https://x.example/"roles"&<a>');
    expect(testcase.children[0]!.attributes.message).toBe('expected ["a\'b"], found tab\there bell\nline');
  });

  it('names each run of a --repeat', () => {
    const runs = [run({ n: 1 }), run({ n: 2, failure: undefined, failedStep: undefined, steps: [{ name: 'start', status: 'passed', ms: 3 }], assertions: [] })];
    const root = parseXml(junitXml(runs, target, new Date(), (text) => text));
    expect(junitViolations(root)).toEqual([]);
    const names = root.children[0]!.children.filter((c) => c.name === 'testcase').map((c) => `${c.attributes.classname} ${c.attributes.name}`);
    expect(names).toContain('pwless.smoke.run2 run 2: start (POST /passwordless/start)');
  });

  it('has a checker that catches a report missing what the schema requires', () => {
    const bad = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="x" tests="2"><testcase name="a"/></testsuite></testsuites>');
    const problems = junitViolations(bad);
    expect(problems).toContain('<testsuite> has no hostname');
    expect(problems).toContain('<testcase> has no classname');
    expect(problems).toContain('tests="2" but 1 <testcase>');
    expect(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a><b></a>')).toThrow(/mismatched/);
    expect(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a>x & y</a>')).toThrow(/bare &/);
  });
});
