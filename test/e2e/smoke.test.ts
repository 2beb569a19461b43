/** `pwless smoke` end to end: the real binary against real emulators, with every report it writes. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { junitViolations, parseXml, type XmlElement } from '../helpers/junit-schema.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { runCli } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
/** Its clock runs in 2099: the ID tokens it signs are issued in the future, so verification fails. */
let future: EmulatorProcess;
beforeAll(async () => {
  [emu, future] = await Promise.all([spawnEmulator(), spawnEmulator(['--clock', '2099-01-01T00:00:00Z'])]);
});
afterAll(async () => {
  await Promise.all([emu?.stop(), future?.stop()]);
});

const native = (url = emu.url) => ['smoke', '--domain', url, '--client-id', 'emulator-native'];

interface StepJson {
  name: string;
  status: string;
  ms: number;
  error?: { code: string };
}

describe('pwless smoke: one run', () => {
  it('passes with --json: every step timed, the claims, the assertions', async () => {
    const run = await runCli([
      ...native(),
      '--email',
      'smoke-json@example.com',
      '--otp-from',
      'emulator',
      '--userinfo',
      '--expect-claim',
      'email=smoke-json@example.com',
      '--expect-claim',
      'email_verified=true',
      '--expect-claim',
      'access_token.azp=emulator-native',
      '--expect-claim-absent',
      'nonce',
      '--expect-scope',
      'openid email',
      '--expect-ttl-min',
      '3600',
      '--json',
    ]);
    expect(run.stderr).not.toContain('error:');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.steps.map((s: StepJson) => [s.name, s.status])).toEqual([
      ['start', 'passed'],
      ['code', 'passed'],
      ['token', 'passed'],
      ['verify', 'passed'],
      ['userinfo', 'passed'],
    ]);
    for (const step of doc.steps) expect(step.ms).toBeGreaterThanOrEqual(0);
    expect(doc.claims.id_token.email).toBe('smoke-json@example.com');
    expect(doc.claims.userinfo.sub).toBe(doc.claims.id_token.sub);
    expect(doc.assertions).toHaveLength(7);
    expect(doc.assertions.every((a: { ok: boolean }) => a.ok)).toBe(true);
    expect(doc.assertions[0]).toEqual({ name: 'claim email', expected: '"smoke-json@example.com"', found: '"smoke-json@example.com"', ok: true });
    // No token and no code in the report.
    const [message] = await outbox(emu.url, 'smoke-json@example.com');
    expect(run.stdout + run.stderr).not.toContain(message?.code);
    expect(run.stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });

  it('exits 9 for a wrong expectation and names every failed one in the JSON', async () => {
    const run = await runCli([
      ...native(),
      '--email',
      'smoke-wrong@example.com',
      '--otp-from',
      'emulator',
      '--expect-claim',
      'email=someone@example.com',
      '--expect-claim',
      'email_verified=true',
      '--expect-refresh-token',
      '--json',
    ]);
    expect(run.code).toBe(9);
    const doc = JSON.parse(run.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('assertion_failed');
    expect(doc.error.assertions).toEqual([
      { name: 'claim email', expected: '"someone@example.com"', found: '"smoke-wrong@example.com"' },
      { name: 'refresh_token', expected: 'present', found: '(none returned)' },
    ]);
    expect(doc.error.description).toContain('2 assertions failed');
    expect(doc.steps.every((s: StepJson) => s.status === 'passed')).toBe(true);
    expect(doc.assertions.map((a: { ok: boolean }) => a.ok)).toEqual([false, true, false]);
  });

  it('says in words which assertion failed, on a human run', async () => {
    const run = await runCli([...native(), '--email', 'smoke-human@example.com', '--otp-from', 'emulator', '--expect-claim', 'nickname="someone"']);
    expect(run.code).toBe(9);
    expect(run.stdout).toMatch(/✓ token\s+POST \/oauth\/token\s+\d+ ms/);
    expect(run.stdout).toMatch(/✗ claim nickname\s+expected "someone", found "smoke-human"/);
    expect(run.stderr).toContain('error: 1 assertion failed: claim nickname (expected "someone", found "smoke-human").');
  });

  it.each([
    ['start', 5, 'unauthorized_client', ['--client-id', 'emulator-web', '--email', 'smoke-refused@example.com', '--otp-from', 'emulator']],
    ['code', 4, 'otp_timeout', ['--email', 'smoke-timeout@example.com', '--otp-from', 'file:NO_FILE', '--otp-timeout', '1']],
    ['token', 6, 'invalid_grant', ['--email', 'smoke-badcode@example.com', '--otp', '000000']],
  ])('names the failed step %s and keeps its exit code %i', async (step, code, errorCode, args) => {
    const dir = tempDir('pwless-smoke-');
    const run = await runCli([
      'smoke',
      '--domain',
      emu.url,
      '--client-id',
      'emulator-native',
      ...args.map((a) => a.replace('NO_FILE', join(dir, 'never'))),
      '--json',
    ]);
    expect(run.code).toBe(code);
    const doc = JSON.parse(run.stdout);
    expect(doc.failed_step).toBe(step);
    expect(doc.error.code).toBe(errorCode);
    const failed = doc.steps.find((s: StepJson) => s.status === 'failed');
    expect(failed).toMatchObject({ name: step, error: { code: errorCode } });
    // The steps after it are listed as not run.
    const after = doc.steps.slice(doc.steps.indexOf(failed) + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s: StepJson) => s.status === 'skipped')).toBe(true);
  });

  it('names the verify step (exit 8) when the ID token fails a check', async () => {
    const run = await runCli([
      ...native(future.url),
      '--email',
      'smoke-future@example.com',
      '--otp-from',
      'emulator',
      '--expect-claim',
      'email=smoke-future@example.com',
    ]);
    expect(run.code).toBe(8);
    expect(run.stdout).toMatch(/✗ verify\s+verify the ID token\s+\d+ ms\s+The token failed the iat check/);
    expect(run.stdout).toContain('Failed at step verify (verify the ID token)');
    // The assertions still ran on the tokens that came back.
    expect(run.stdout).toMatch(/✓ claim email/);
  });

  it('never prompts: no code source is exit 2 before any request', async () => {
    const run = await runCli([...native(), '--email', 'smoke-noinput@example.com', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'missing_input', description: 'pwless smoke never prompts: say where the code comes from.' });
    expect(await outbox(emu.url, 'smoke-noinput@example.com')).toEqual([]);
  });

  it('runs a magic link headlessly', async () => {
    const run = await runCli([
      ...native(),
      '--email',
      'smoke-link@example.com',
      '--send',
      'link',
      '--otp-from',
      'emulator',
      '--expect-claim',
      'email=smoke-link@example.com',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.steps.map((s: StepJson) => s.name)).toEqual(['start', 'link', 'token', 'verify']);
    expect(doc.target.send).toBe('link');
    expect(doc.assertions[0].ok).toBe(true);
  });
});

const testcases = (root: XmlElement) => (root.children[0]?.children ?? []).filter((c) => c.name === 'testcase');

describe('pwless smoke --junit', () => {
  it('writes a valid JUnit file next to the --json document, atomically', async () => {
    const dir = tempDir('pwless-junit-');
    const file = join(dir, 'smoke.xml');
    const run = await runCli([
      ...native(),
      '--email',
      'junit-ok@example.com',
      '--otp-from',
      'emulator',
      '--expect-claim',
      'email_verified=true',
      '--json',
      '--junit',
      file,
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).ok).toBe(true);
    const root = parseXml(readFileSync(file, 'utf8'));
    expect(junitViolations(root)).toEqual([]);
    expect(root.children[0]?.attributes).toMatchObject({ tests: '5', failures: '0' });
    expect(testcases(root).map((c) => c.attributes.name)).toEqual([
      'start (POST /passwordless/start)',
      'code (read the code)',
      'token (POST /oauth/token)',
      'verify (verify the ID token)',
      'assert claim email_verified',
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir)).toEqual(['smoke.xml']);
  });

  it('has the failure of a wrong expectation', async () => {
    const file = join(tempDir('pwless-junit-'), 'smoke.xml');
    const run = await runCli([
      ...native(),
      '--email',
      'junit-bad@example.com',
      '--otp-from',
      'emulator',
      '--expect-claim',
      'email_verified=false',
      '--junit',
      file,
    ]);
    expect(run.code).toBe(9);
    const root = parseXml(readFileSync(file, 'utf8'));
    expect(junitViolations(root)).toEqual([]);
    expect(root.children[0]?.attributes.failures).toBe('1');
    const failed = testcases(root).find((c) => c.children[0]?.name === 'failure');
    expect(failed?.attributes.name).toBe('assert claim email_verified');
    expect(failed?.children[0]?.attributes).toEqual({ message: 'expected false, found true', type: 'assertion_failed' });
  });

  it('refuses a report path in a directory that does not exist, before any request', async () => {
    const file = join(tempDir('pwless-junit-'), 'no', 'such', 'smoke.xml');
    const run = await runCli([...native(), '--email', 'junit-nodir@example.com', '--otp-from', 'emulator', '--junit', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the directory');
    expect(await outbox(emu.url, 'junit-nodir@example.com')).toEqual([]);
  });
});
