// Bad --forwarded-for and scheme-less loopback --domain values are refused (exit 2) before any
// request is sent: the emulator's outbox stays empty.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSession, runCli } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

const target = () => ['--domain', emu.url, '--client-id', 'emulator-web'];

describe('--forwarded-for', () => {
  it('exits 2 for a list of addresses, naming the flag and the fix, and sends nothing', async () => {
    const run = await runCli(['start', ...target(), '--email', 'xff@example.com', '--forwarded-for', '203.0.113.7, 10.0.0.1', '--json'], {
      env: { PWLESS_CLIENT_SECRET: 'emulator-web-secret' },
    });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: 'invalid_forwarded_for',
      description: '--forwarded-for "203.0.113.7, 10.0.0.1" is not an IP address.',
    });
    expect(JSON.parse(run.stdout).error.hint).toContain('one IPv4 or IPv6 address');
    expect(await outbox(emu.url, 'xff@example.com')).toEqual([]);
  });

  it('is sent when it is one address', async () => {
    const run = await runCli(['start', ...target(), '--email', 'xff-ok@example.com', '--forwarded-for', '2001:db8::7', '--no-wait'], {
      env: { PWLESS_CLIENT_SECRET: 'emulator-web-secret' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await outbox(emu.url, 'xff-ok@example.com')).toHaveLength(1);
  });

  it('is refused by profile add, and from a profile written before the check', async () => {
    const { run, dir, file } = configSession();
    const add = await run(['profile', 'add', 'dev', ...target(), '--type', 'regular_web', '--forwarded-for', 'proxy.internal']);
    expect(add.code).toBe(2);
    expect(add.stderr).toContain('--forwarded-for "proxy.internal" is not an IP address.');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        schemaVersion: 1,
        defaultProfile: 'dev',
        profiles: { dev: { domain: emu.url, clientId: 'emulator-web', appType: 'regular_web', forwardedFor: 'proxy.internal' } },
      }),
    );
    const start = await run(['start', '--email', 'xff-profile@example.com'], { env: { PWLESS_CLIENT_SECRET: 'emulator-web-secret' } });
    expect(start.code).toBe(2);
    expect(start.stderr).toContain('--forwarded-for "proxy.internal" (from profile dev) is not an IP address.');
    expect(await outbox(emu.url, 'xff-profile@example.com')).toEqual([]);
  });
});

describe('a loopback --domain without a scheme', () => {
  it.each(['127.0.0.1:4010', 'localhost:4010', '[::1]:4010'])('%s exits 2 with the http:// URL to write', async (domain) => {
    const run = await runCli(['start', '--domain', domain, '--client-id', 'emulator-native', '--email', 'a@example.com', '--json']);
    expect(run.code).toBe(2);
    const error = JSON.parse(run.stdout).error;
    expect(error).toMatchObject({
      code: 'invalid_domain',
      description: `--domain ${JSON.stringify(domain)} is not valid: a loopback address needs its scheme.`,
    });
    expect(error.hint).toContain(`Write http://${domain} `);
  });
});
