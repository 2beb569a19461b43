import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, tempHome } from './cli.ts';
import { spawnEmulator } from './emulator-process.ts';

describe('the binary', () => {
  it('prints help with the exit codes, and its version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: pwless');
    expect(help.stdout).toMatch(/start \[options\]\s+send a one-time code/);
    expect(help.stdout).toContain('6    the code or link was wrong, expired, used, or out of attempts');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('stays quiet when its reader stops early (`pwless token --help | head -1`)', () => {
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" token --help | head -1`], { env: cleanEnv(), encoding: 'utf8' });
    expect(run.stdout).toBe('Usage: pwless token [options] [command]\n');
    expect(run.stderr).toBe('');
  });

  it('says what to run, in one line, in a checkout that is not built yet (exit 1)', () => {
    // The shim and package.json alone, as in a fresh clone before `npm run build`.
    const checkout = join(tempHome(), 'fresh clone');
    mkdirSync(join(checkout, 'bin'), { recursive: true });
    copyFileSync(BIN, join(checkout, 'bin', 'pwless.js'));
    copyFileSync(join(dirname(BIN), '..', 'package.json'), join(checkout, 'package.json'));
    const run = spawnSync(process.execPath, [join(checkout, 'bin', 'pwless.js'), 'start', '--help'], { env: cleanEnv(), encoding: 'utf8' });
    expect(run.stderr).toBe(
      `pwless: not built yet (no dist/ in ${checkout}/): run "npm ci" and then "npm run build" there, or "npm run demo" to build and try it.\n`,
    );
    expect(run.stdout).toBe('');
    expect(run.status).toBe(1);
  });

  it.each(['20.11.1', '22.22.1', '23.11.0'])('refuses Node %s in one line, exit 1', (old) => {
    const preload = join(tempHome(), 'old-node.mjs');
    writeFileSync(preload, `Object.defineProperty(process.versions, 'node', { value: '${old}' });\n`);
    const run = spawnSync(process.execPath, ['--import', preload, BIN, '--help'], { env: cleanEnv(), encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`pwless: Node.js ${old} is too old; pwless needs Node.js ^22.22.2, ^24.15.0 or >=26 (Node.js 24 LTS recommended).\n`);
  });
});

describe('pwless demo', () => {
  it('runs the whole flow against an in-process emulator and exits 0', async () => {
    const run = await runCli(['demo']);
    expect(run.stderr).toContain('Started the emulator at http://127.0.0.1:');
    expect(run.stderr).toContain('Read the code from the emulator');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✓ ID token verified (RS256');
    expect(run.stdout).toMatch(/✓ signature\s+signed by a key of http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json\s+valid/);
    expect(run.stdout).toMatch(/email\s+demo@example\.com/);
    expect(run.stdout).toMatch(/refresh_token\s+\S+/);
  });

  it('gives scripts one JSON document', async () => {
    const run = await runCli(['demo', '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ ok: true, verification: { ok: true } });
    expect(doc.emulator).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('pwless emulator', () => {
  it('prints its URL on stdout, the banner on stderr, and stops cleanly on SIGINT', async () => {
    const emu = await spawnEmulator();
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${emu.url}/__emulator/health`);
    expect(health.status).toBe(200);
    expect(emu.stderr()).toMatch(/test double/i);
    expect(emu.stderr()).toContain('emulator-native');
    expect(emu.stderr()).toContain('emulator-web-secret');
    const { code, stdout } = await emu.stop('SIGINT');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([emu.url]);
  });

  it('says the port is taken and suggests --port 0 (exit 2)', async () => {
    const first = await spawnEmulator();
    const port = new URL(first.url).port;
    const run = await runCli(['emulator', '--port', port]);
    await first.stop();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(port);
    expect(run.stderr).toContain('--port 0');
  });

  it.each([
    [['--port', 'x'], '--port "x" is not valid: give a whole number'],
    [['--otp-length', '2'], 'otp'],
    [['--key', '/nonexistent/key.pem'], '/nonexistent/key.pem'],
  ])('rejects %j with exit 2', async (args, message) => {
    const run = await runCli(['emulator', '--port', '0', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr.toLowerCase()).toContain(message.toLowerCase());
  });
});
