/** `pwless smoke` end to end: the real binary against real emulators, with every report it writes. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { junitViolations, parseXml, type XmlElement } from '../helpers/junit-schema.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { runCli } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
/** Its clock runs in 2099: the ID tokens it signs are issued in the future, so verification fails. */
let future: EmulatorProcess;
/** No rate limits of its own, for --repeat (faults stand in for a tenant's 429). */
let unlimited: EmulatorProcess;
beforeAll(async () => {
  [emu, future, unlimited] = await Promise.all([spawnEmulator(), spawnEmulator(['--clock', '2099-01-01T00:00:00Z']), spawnEmulator(['--no-limits'])]);
});
afterAll(async () => {
  await Promise.all([emu?.stop(), future?.stop(), unlimited?.stop()]);
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
      // An API audience, so the access token is a JWT whose claims can be asserted (B-TOKEN-10, B-TOKEN-11).
      '--audience',
      'urn:example:api',
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
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'no_code_source', description: 'pwless smoke never prompts: say where the code comes from.' });
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
    const run = await runCli([...native(), '--email', 'junit-nodir@example.com', '--otp-from', 'emulator', '--junit', file, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'invalid_junit_file', description: expect.stringContaining('the directory') });
    expect(await outbox(emu.url, 'junit-nodir@example.com')).toEqual([]);
  });
});

describe('pwless smoke on GitHub Actions', () => {
  function actionsEnv() {
    const dir = tempDir('pwless-gha-');
    const files = { summary: join(dir, 'summary.md'), output: join(dir, 'output.txt') };
    return { files, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: files.summary, GITHUB_OUTPUT: files.output } };
  }

  it('masks every token and the code before printing, writes the summary and $GITHUB_OUTPUT', async () => {
    const { files, env } = actionsEnv();
    const run = await runCli(
      [
        ...native(),
        '--email',
        'gha-ok@example.com',
        '--otp-from',
        'emulator',
        '--scope',
        'openid email offline_access',
        '--github-output',
        'token=access_token',
        '--github-output',
        'sub',
        '--json',
      ],
      { env },
    );
    expect(run.code).toBe(0);
    // --json owns stdout: the masks go to stderr, and stdout stays one document.
    expect(JSON.parse(run.stdout).ok).toBe(true);
    const masks = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('::add-mask::'))
      .map((l) => l.slice('::add-mask::'.length));
    const [message] = await outbox(emu.url, 'gha-ok@example.com');
    expect(masks[0]).toBe(message?.code);
    const outputs = readFileSync(files.output, 'utf8');
    const block = (name: string) => new RegExp(`^${name}<<(ghadelimiter_[0-9a-f]+)\\n(.*)\\n\\1$`, 'm').exec(outputs)?.[2];
    const accessToken = block('token');
    const sub = block('sub');
    expect(accessToken).toMatch(/^eyJ/);
    expect(sub).toBe(JSON.parse(run.stdout).claims.id_token.sub);
    // Every token was masked, each before the line that could first show it; the outputs' values too.
    expect(masks).toContain(accessToken);
    expect(masks).toContain(sub);
    expect(masks).toHaveLength(new Set(masks).size);
    expect(masks.length).toBeGreaterThanOrEqual(5);
    expect(run.stderr.indexOf(`::add-mask::${message?.code}`)).toBeLessThan(run.stderr.indexOf('Checked the ID token'));
    const summary = readFileSync(files.summary, 'utf8');
    expect(summary).toContain('### pwless smoke: ✅ passed on');
    expect(summary).toMatch(/\| ✅ \| token \| \d+ \|/);
    expect(run.stderr).not.toContain('::error');
  });

  it('annotates the failed step with ::error and puts it in the summary', async () => {
    const { files, env } = actionsEnv();
    const run = await runCli([...native(), '--email', 'gha-bad@example.com', '--otp', '000000'], { env });
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('::error title=pwless smoke%3A step token (POST /oauth/token) failed::Wrong email or verification code.');
    // The code given was masked before anything else was printed about it.
    expect(run.stdout.split('\n')[0]).toBe('::add-mask::000000');
    expect(readFileSync(files.summary, 'utf8')).toMatch(/❌ failed at token[\s\S]*\| ❌ \| token \|/);
  });

  it('prints the tokens with --output env (asked for), masked on GitHub first', async () => {
    const { env } = actionsEnv();
    const run = await runCli([...native(), '--email', 'gha-env@example.com', '--otp-from', 'emulator', '--output', 'env'], { env });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((l) => l.split('=')[0])).toEqual([
      'export ACCESS_TOKEN',
      'export ID_TOKEN',
      'export TOKEN_TYPE',
      'export EXPIRES_IN',
      'export SCOPE',
      'export SUB',
    ]);
    const access = /^export ACCESS_TOKEN='(.+)'$/.exec(lines[0] ?? '')?.[1];
    expect(run.stderr).toContain(`::add-mask::${access}`);
    // The report went to stderr.
    expect(run.stderr).toContain('Smoke test: gha-env@example.com');
  });

  it('writes dotenv assignments, and refuses --github-output without $GITHUB_OUTPUT (exit 2, nothing sent)', async () => {
    const dotenv = await runCli([...native(), '--email', 'dotenv@example.com', '--otp-from', 'emulator', '--output', 'dotenv']);
    expect(dotenv.code).toBe(0);
    expect(dotenv.stdout).toMatch(
      /^ACCESS_TOKEN=eyJ[\w.-]+\nID_TOKEN=eyJ[\w.-]+\nTOKEN_TYPE=Bearer\nEXPIRES_IN=86400\nSCOPE="openid profile email"\nSUB="email\|[0-9a-f]+"\n$/,
    );
    expect(dotenv.stderr).not.toContain('::add-mask::');
    const refused = await runCli([...native(), '--email', 'gha-noout@example.com', '--otp-from', 'emulator', '--github-output', 'sub', '--json']);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout).error).toMatchObject({
      code: 'missing_github_output',
      description: expect.stringContaining('$GITHUB_OUTPUT, which is not set'),
    });
    expect(await outbox(emu.url, 'gha-noout@example.com')).toEqual([]);
  });
});

describe('pwless smoke --repeat', () => {
  it('runs 50 logins 5 at a time, each its own user, and reports successes and percentiles', async () => {
    const file = join(tempDir('pwless-repeat-'), 'smoke.xml');
    const run = await runCli(
      [
        ...native(unlimited.url),
        '--email-template',
        'load+{n}@example.com',
        '--otp-from',
        'emulator',
        '--repeat',
        '50',
        '--concurrency',
        '5',
        '--json',
        '--junit',
        file,
      ],
      { timeoutMs: 100_000 },
    );
    expect(run.stderr).not.toContain('error:');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ ok: true, runs: 50, concurrency: 5, successes: 50, failures: [], rate_limit: { waits: 0, waited_ms: 0 } });
    expect(doc.steps.map((s: { name: string }) => s.name)).toEqual(['start', 'code', 'token', 'verify']);
    for (const step of doc.steps) {
      expect(step.count).toBe(50);
      expect(step.p50).toBeLessThanOrEqual(step.p95);
      expect(step.p95).toBeLessThanOrEqual(step.max);
    }
    expect(await outbox(unlimited.url, 'load+1@example.com')).toHaveLength(1);
    expect(await outbox(unlimited.url, 'load+50@example.com')).toHaveLength(1);
    // No progress bar without a terminal.
    expect(run.stderr).not.toContain('[#');
    const root = parseXml(readFileSync(file, 'utf8'));
    expect(junitViolations(root)).toEqual([]);
    expect(testcases(root)).toHaveLength(200);
    // Generous bounds: 200 requests on a machine that may be busy with other test files.
  }, 120_000);

  it('waits out a 429 as the tenant says, reports how long, and counts failures by exit family', async () => {
    const arm = (fault: object) =>
      fetch(`${unlimited.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
    await arm({ endpoint: '/passwordless/start', count: 1, status: 429, retry_after: 1 });
    await arm({ endpoint: '/oauth/token', count: 2, status: 503 });
    const run = await runCli([...native(unlimited.url), '--phone-template', '+1555000{n:4}', '--otp-from', 'emulator', '--repeat', '6', '--concurrency', '2'], {
      timeoutMs: 60_000,
    });
    await fetch(`${unlimited.url}/__emulator/faults`, { method: 'DELETE' });
    expect(run.code).toBe(4);
    expect(run.stdout).toContain('4 passed, 2 failed');
    expect(run.stdout).toMatch(/2 × exit 4 \(network\)/);
    expect(run.stdout).toMatch(/rate limited 1 time: waited \d+ ms in all/);
    expect(run.stderr).toMatch(/rate limited at step start \(429 too_many_requests\); every run waits 1 s/);
    expect(run.stdout).toMatch(/run \d \(\+1555000\d{4}\) at token: /);
  }, 90_000);

  it('refuses a big repeat against a tenant that is not on this machine, before any request', async () => {
    const tenant = ['smoke', '--domain', 'tenant.example.com', '--client-id', 'x', '--email-template', 'ci+{n}@example.com', '--otp-from', 'cmd:true'];
    const many = await runCli([...tenant, '--repeat', '1001', '--json']);
    expect(many.code).toBe(2);
    expect(JSON.parse(many.stdout).error).toMatchObject({
      code: 'bound_exceeded',
      description: expect.stringContaining('--repeat 1001 is over 1000 against tenant.example.com'),
    });
    const wide = await runCli([...tenant, '--repeat', '60', '--concurrency', '51']);
    expect(wide.code).toBe(2);
    expect(wide.stderr).toContain('--concurrency 51 is over 50');
    expect(wide.stderr).toContain('--i-know-this-is-my-tenant');
  });

  it('needs one identity per parallel run', async () => {
    const run = await runCli([...native(), '--email', 'same@example.com', '--otp-from', 'emulator', '--repeat', '4', '--concurrency', '2', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'missing_identity', hint: expect.stringContaining("--email-template 'ci+{n}@example.com'") });
    expect(await outbox(emu.url, 'same@example.com')).toEqual([]);
  });
});

describe('pwless smoke --export k6', () => {
  /** `node --check` parses the file as an ES module (the .mjs name says so), without running it. */
  function parsesAsJavaScript(file: string): { status: number | null; stderr: string } {
    const mjs = `${file}.mjs`;
    copyFileSync(file, mjs);
    const check = spawnSync(process.execPath, ['--check', mjs], { encoding: 'utf8' });
    return { status: check.status, stderr: check.stderr };
  }

  it('writes the flow for the emulator as a k6 script that parses, and runs nothing', async () => {
    const file = join(tempDir('pwless-k6-'), 'load.js');
    const run = await runCli([
      ...native(),
      '--email-template',
      'k6+{n}@example.com',
      '--otp-from',
      'emulator',
      '--repeat',
      '200',
      '--concurrency',
      '10',
      '--export',
      'k6',
      file,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, exported: { format: 'k6', file, runs: 200, concurrency: 10, code_step: 'emulator outbox' } });
    expect(parsesAsJavaScript(file)).toEqual({ status: 0, stderr: '' });
    const script = readFileSync(file, 'utf8');
    expect(script).toContain("import http from 'k6/http';");
    expect(script).toContain('export const options = { vus: 10, iterations: 200 };');
    expect(script).toContain('/__emulator/outbox/wait');
    expect(await outbox(emu.url, 'k6+1@example.com')).toEqual([]);
  });

  it('leaves the code step as a placeholder for a real tenant, and never writes the secret', async () => {
    const file = join(tempDir('pwless-k6-'), 'load.js');
    const run = await runCli(
      [
        'smoke',
        '--domain',
        'tenant.example.com',
        '--client-id',
        'web',
        '--email-template',
        'ci+{n}@example.com',
        '--otp-from',
        'cmd:echo 123456',
        '--export',
        'k6',
        file,
      ],
      { env: { PWLESS_CLIENT_SECRET: 'k6-secret-value' } },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('placeholder');
    expect(parsesAsJavaScript(file).status).toBe(0);
    const script = readFileSync(file, 'utf8');
    expect(script).toContain('PLACEHOLDER');
    expect(script).toContain('__ENV.PWLESS_CLIENT_SECRET');
    expect(script).not.toContain('k6-secret-value');
  });

  it('has a check that a broken script fails', () => {
    const file = join(tempDir('pwless-k6-'), 'broken.js');
    writeFileSync(file, 'export default function () { return ; ; }}');
    expect(parsesAsJavaScript(file).status).not.toBe(0);
  });
});
