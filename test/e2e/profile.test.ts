import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, configSession, runCli, tempHome } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

const configDir = configSession;

describe('pwless profile', () => {
  it('adds, lists, shows, switches, renames and removes profiles', async () => {
    const { run } = configDir();
    expect((await run(['profile', 'add', 'dev', '--domain', emu.url, '--client-id', 'emulator-native'])).code).toBe(0);
    expect((await run(['profile', 'add', 'stage', '--domain', 'stage.auth0.com', '--client-id', 'abc', '--type', 'spa'])).code).toBe(0);
    const list = await run(['profile', 'list']);
    expect(list.stdout).toMatch(/\* dev\s+http:\/\/127\.0\.0\.1:\d+\s+emulator-native\s+native/);
    expect(list.stdout).toMatch(/ {2}stage\s+https:\/\/stage\.auth0\.com\s+abc\s+spa/);
    const json = JSON.parse((await run(['profile', 'list', '--json'])).stdout);
    expect(json.profiles.map((p: { name: string; default: boolean }) => [p.name, p.default])).toEqual([
      ['dev', true],
      ['stage', false],
    ]);

    expect((await run(['profile', 'use', 'stage'])).code).toBe(0);
    expect(JSON.parse((await run(['profile', 'show', '--json'])).stdout).profile).toMatchObject({ name: 'stage', default: true });
    expect((await run(['profile', 'rename', 'stage', 'staging'])).code).toBe(0);
    expect(JSON.parse((await run(['profile', 'show', 'staging', '--json'])).stdout).profile).toMatchObject({ name: 'staging', default: true, clientId: 'abc' });

    const noTty = await run(['profile', 'remove', 'staging']);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('pass --yes');
    expect((await run(['profile', 'remove', 'staging', '--yes'])).code).toBe(0);
    const unknown = await run(['profile', 'show', 'staging']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('There is no profile "staging"');
    expect(unknown.stderr).toContain('Profiles: dev.');
  });

  it('logs in with nothing but the profile', async () => {
    const { run } = configDir();
    await run(['profile', 'add', 'emu', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'profile@example.com']);
    const login = await run(['start', '--otp-from', 'emulator', '--json']);
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout).claims.id_token.email).toBe('profile@example.com');
  });

  it('keeps the file 0600 in a 0700 directory', async () => {
    const { run, dir, file } = configDir();
    await run(['profile', 'add', 'dev', '--domain', 'dev.auth0.com', '--client-id', 'abc']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('warns once, on read, of a config file others can read in a directory others can write to (issue 22)', async () => {
    const { run, dir, file } = configDir();
    await run(['profile', 'add', 'dev', '--domain', 'dev.auth0.com', '--client-id', 'abc']);
    chmodSync(file, 0o644);
    chmodSync(dir, 0o777);
    const warning = `warning: ${file} is mode 0644 and its directory mode 0777: other users can read or change the secrets and tokens in it, and replace it. Fix: chmod 600 ${file} && chmod 700 ${dir}\n`;
    const list = await run(['profile', 'list']);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe(warning);
    // With --json the warning is also in the document.
    expect(JSON.parse((await run(['profile', 'list', '--json'])).stdout).warnings).toEqual([warning.slice('warning: '.length, -1)]);
    // A write tightens the modes; then nothing is said.
    await run(['profile', 'use', 'dev']);
    expect([statSync(file).mode & 0o777, statSync(dir).mode & 0o777]).toEqual([0o600, 0o700]);
    expect((await run(['profile', 'list'])).stderr).toBe('');
  });

  it('never prints a stored secret in full: not in show, --json, config or a -v login', async () => {
    const { run, dir } = configDir();
    const secretFile = join(dir, '..', 'secret.txt');
    mkdirSync(dir, { recursive: true });
    writeFileSync(secretFile, 'emulator-web-secret\n');
    const add = await run([
      'profile',
      'add',
      'web',
      '--domain',
      emu.url,
      '--client-id',
      'emulator-web',
      '--client-secret-file',
      secretFile,
      '--email',
      'web@example.com',
    ]);
    expect(add.code).toBe(0);
    expect(add.stderr).toContain('stored in plaintext');
    const outputs = [
      add,
      await run(['profile', 'show', 'web']),
      await run(['profile', 'show', 'web', '--json']),
      await run(['profile', 'list', '--json']),
      await run(['config', '--json']),
      await run(['start', '--otp-from', 'emulator', '-v']),
    ];
    expect(outputs.at(-1)?.code).toBe(0);
    for (const out of outputs) expect(out.stdout + out.stderr).not.toContain('emulator-web-secret');
    expect(outputs[1]?.stdout).toContain('••••cret');
    // The plaintext warning is given once.
    const second = await run(['profile', 'add', 'web2', '--domain', emu.url, '--client-id', 'emulator-web', '--client-secret-file', secretFile]);
    expect(second.stderr).not.toContain('plaintext');
  });

  it('keeps a reference from --from-env, not the secret', async () => {
    const { run, file } = configDir();
    const env = { AUTH0_DOMAIN: emu.url, AUTH0_CLIENT_ID: 'emulator-web', AUTH0_CLIENT_SECRET: 'emulator-web-secret' };
    const add = await run(['profile', 'add', 'ci', '--from-env', '--email', 'env@example.com'], { env });
    expect(add.code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('emulator-web-secret');
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles.ci).toMatchObject({ appType: 'regular_web', secret: { kind: 'env', name: 'AUTH0_CLIENT_SECRET' } });
    expect((await run(['start', '--otp-from', 'emulator'], { env })).code).toBe(0);
    const missing = await run(['start', '--otp-from', 'emulator']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('AUTH0_CLIENT_SECRET, which is not set');
  });

  it.each([
    [['--domain', 'http://tenant.example.com', '--client-id', 'abc'], 'plain http is allowed for loopback hosts only'],
    [['--domain', 'tenant.auth0.com', '--client-id', 'a b'], '--client-id "a b" is not a client id'],
    [['--domain', 'tenant.auth0.com', '--client-id', 'abc', '--type', 'native', '--secret-ref', 'env:X'], 'is public: it has no client secret'],
    [['--domain', 'tenant.auth0.com', '--client-id', 'abc', '--type', 'desktop'], '--type "desktop" is not an application type'],
    [['--domain', 'tenant.auth0.com'], 'profile add needs --client-id'],
  ])('refuses %j with exit 2 and writes nothing', async (args, message) => {
    const { run, file } = configDir();
    const result = await run(['profile', 'add', 'bad', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(file)).toBe(false);
  });

  it('reports a corrupt config file with exit 3 and leaves it byte for byte', async () => {
    const { run, dir, file } = configDir();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const corrupt = '{"profiles": {"dev": {"domain": "x"';
    writeFileSync(file, corrupt, { mode: 0o600 });
    for (const args of [
      ['profile', 'list'],
      ['profile', 'add', 'x', '--domain', 'x.auth0.com', '--client-id', 'x'],
      ['start', '--email', 'a@b.co', '--otp', '1'],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`The config file ${file} is not valid JSON: `);
      expect(result.stderr.split(file)).toHaveLength(2);
      expect(result.stderr).toContain('left it exactly as it was');
    }
    expect(readFileSync(file, 'utf8')).toBe(corrupt);
  });

  it('exits 3 when the config directory cannot be created', async () => {
    const home = tempHome();
    writeFileSync(join(home, 'not-a-dir'), '');
    const result = await runCli(['profile', 'add', 'x', '--domain', 'x.auth0.com', '--client-id', 'x'], {
      env: { PWLESS_CONFIG_DIR: join(home, 'not-a-dir', 'pwless') },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Cannot write the config');
  });

  it('loses no profile when several processes add at once', async () => {
    const { dir, run } = configDir();
    const adds = Array.from(
      { length: 6 },
      (_, i) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, [BIN, 'profile', 'add', `p${i}`, '--domain', 'x.auth0.com', '--client-id', `c${i}`], {
            env: cleanEnv({ PWLESS_CONFIG_DIR: dir }),
            stdio: 'ignore',
          });
          child.on('close', resolve);
        }),
    );
    expect(await Promise.all(adds)).toEqual([0, 0, 0, 0, 0, 0]);
    const names = JSON.parse((await run(['profile', 'list', '--json'])).stdout).profiles.map((p: { name: string }) => p.name);
    expect(names).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
  });
});
