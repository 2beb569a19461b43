/** Regressions found in review: each test names the behaviour it keeps. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, configSession, runCli } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

const session = configSession;

describe('review regressions', () => {
  it('a second profile add of the same name is a usage error (exit 2), not a broken config file', async () => {
    const { run } = session();
    await run(['profile', 'add', 'dev', '--domain', 'dev.auth0.com', '--client-id', 'abc']);
    const again = await run(['profile', 'add', 'dev', '--domain', 'dev.auth0.com', '--client-id', 'abc', '--json']);
    expect(again.code).toBe(2);
    expect(JSON.parse(again.stdout).error.code).toBe('profile_exists');
  });

  it('a login to another client does not replace the default profile’s tokens', async () => {
    const { run, dir } = session();
    await run(['profile', 'add', 'dev', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'dev@example.com']);
    expect((await run(['start', '--otp-from', 'emulator'])).code).toBe(0);
    expect((await run(['start', '--client-id', 'emulator-web', '--otp-from', 'emulator'], { env: { PWLESS_CLIENT_SECRET: 'emulator-web-secret' } })).code).toBe(
      0,
    );
    const tokens = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).tokens;
    expect(tokens['profile:dev'].client_id).toBe('emulator-native');
    expect(tokens[`${emu.url}|emulator-web`].client_id).toBe('emulator-web');
  });

  it('a pending login follows its profile through a rename', async () => {
    const { run } = session();
    await run(['profile', 'add', 'dev', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'renamed@example.com']);
    await run(['start']);
    expect((await run(['profile', 'rename', 'dev', 'dev2'])).code).toBe(0);
    const verify = await run(['verify', '--otp-from', 'emulator']);
    expect(verify.stderr).not.toContain('There is no profile');
    expect(verify.code).toBe(0);
  });

  it('refuses two readers of standard input before sending anything', async () => {
    const run = await runCli(
      ['start', '--domain', emu.url, '--client-id', 'emulator-web', '--email', 'twostdin@example.com', '--client-secret-file', '-', '--otp-from', 'stdin'],
      { input: 'x\n' },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Only one thing can be read from standard input');
    expect(await outbox(emu.url, 'twostdin@example.com')).toEqual([]);
  });

  it('says when stdin ends without a line, rather than calling it a timeout', async () => {
    const { run } = session();
    await run(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'eof@example.com']);
    const verify = await run(['verify', '--otp-from', 'stdin'], { input: '' });
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain('Standard input ended without a line');
  });

  it('--otp-from emulator against a server that is not one: exit 2, and no code is sent', async () => {
    let starts = 0;
    const server = createServer((req, res) => {
      if (req.url === '/passwordless/start') starts++;
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const run = await runCli(['start', '--domain', url, '--client-id', 'x', '--email', 'real@example.com', '--otp-from', 'emulator', '--json']);
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout).error.code).toBe('not_an_emulator');
      expect(starts).toBe(0);
    } finally {
      server.close();
    }
  });

  it('the -v trace of a link login shows neither the verification code nor the authorization code', async () => {
    const { run } = session();
    await run(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'tracelink@example.com', '--send', 'link']);
    const [message] = (
      (await (await fetch(`${emu.url}/__emulator/outbox?to=tracelink%40example.com`)).json()) as { messages: { code: string; link: string }[] }
    ).messages;
    const verify = await run(['verify', '--link', message?.link as string, '-v']);
    expect(verify.code).toBe(0);
    expect(verify.stderr).toContain('verify_redirect?');
    expect(verify.stderr).not.toContain(`verification_code=${message?.code}`);
    const location = /< location: (\S+)/.exec(verify.stderr)?.[1] as string;
    expect(new URL(location).searchParams.get('code')).toMatch(/^••••/);
  });

  it('emulator --json prints exactly one document, also when it stops', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--json'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    while (!stdout.includes('\n')) await new Promise((r) => setTimeout(r, 50));
    const closed = new Promise((r) => child.on('close', r));
    child.kill('SIGTERM');
    await closed;
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ ok: true, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
  });
});
