/** Magic links end to end against the emulator: headless, through the loopback listener, and every way a link can be refused. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, configSession, runCli, tempHome } from './cli.ts';
import { advanceClock, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
let shortLived: EmulatorProcess;
beforeAll(async () => {
  [emu, shortLived] = await Promise.all([spawnEmulator(), spawnEmulator(['--otp-ttl', '1'])]);
});
afterAll(async () => {
  await Promise.all([emu?.stop(), shortLived?.stop()]);
});

const session = configSession;
async function latestLink(url: string, to: string): Promise<string> {
  const body = (await (await fetch(`${url}/__emulator/outbox?to=${encodeURIComponent(to)}`)).json()) as { messages: { link: string | null }[] };
  return body.messages[0]?.link as string;
}
const native = (url = emu.url) => ['--domain', url, '--client-id', 'emulator-native'];

describe('headless: pwless verify --link', () => {
  it('finishes a response_type=code link of a public client with PKCE, and checks the nonce (B-LINK-10, B-IDT-6)', async () => {
    const { run } = session();
    const start = await run(['start', ...native(), '--email', 'link-code@example.com', '--send', 'link']);
    expect(start.code).toBe(0);
    expect(start.stdout).toContain("pwless verify --email link-code@example.com --link '<the link from the message>'");
    const link = await latestLink(emu.url, 'link-code@example.com');
    expect(new URL(link).searchParams.get('code_challenge_method')).toBe('S256');
    const verify = await run(['verify', '--link', link, '--json']);
    expect(verify.stderr).toContain('with PKCE');
    expect(verify.code).toBe(0);
    const doc = JSON.parse(verify.stdout);
    expect(doc.verification.checks.find((c: { name: string }) => c.name === 'nonce')).toMatchObject({ ok: true });
    expect(doc.tokens.refresh_token).toBeUndefined();
  });

  it('finishes a "token id_token" link from the fragment (B-LINK-3)', async () => {
    const { run } = session();
    await run(['start', ...native(), '--email', 'implicit@example.com', '--send', 'link', '--response-type', 'token id_token']);
    const verify = await run(['verify', '--link', await latestLink(emu.url, 'implicit@example.com'), '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).claims.id_token.email).toBe('implicit@example.com');
  });

  it('takes the link from a message on stdin, and a confidential client exchanges with its secret (B-APP-3)', async () => {
    const { run } = session();
    const env = { PWLESS_CLIENT_SECRET: 'emulator-web-secret' };
    await run(['start', '--domain', emu.url, '--client-id', 'emulator-web', '--email', 'web-link@example.com', '--send', 'link'], { env });
    const link = await latestLink(emu.url, 'web-link@example.com');
    expect(new URL(link).searchParams.get('code_challenge')).toBeNull();
    const verify = await run(['verify', '--link', '-'], { env, input: `Hello,\n\nClick to sign in: ${link}\n\nThe team\n` });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('ID token verified');
  });

  it('runs the whole link flow in one command with --otp-from emulator (B-LINK-1)', async () => {
    const run = await runCli(['start', ...native(), '--email', 'oneshot@example.com', '--send', 'link', '--otp-from', 'emulator', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).ok).toBe(true);
  });
});

describe('refused links: exit 6, each with its own message', () => {
  it('a link already used (clicked in a browser first) (B-OTP-1, B-LINK-8)', async () => {
    const { run } = session();
    await run(['start', ...native(), '--email', 'reuse@example.com', '--send', 'link']);
    const link = await latestLink(emu.url, 'reuse@example.com');
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(302);
    const again = await run(['verify', '--link', link]);
    expect(again.code).toBe(6);
    expect(again.stderr).toMatch(/rejected the link: .*already been used/i);
  });

  it('a link from a superseded start (B-OTP-1)', async () => {
    const { run } = session();
    await run(['start', ...native(), '--email', 'super@example.com', '--send', 'link']);
    const old = await latestLink(emu.url, 'super@example.com');
    await run(['start', ...native(), '--email', 'super@example.com', '--send', 'link']);
    const verify = await run(['verify', '--link', old]);
    expect(verify.code).toBe(6);
    expect(verify.stderr).toMatch(/newer link/i);
  });

  it('an expired link (B-LINK-6)', async () => {
    const { run } = session();
    await run(['start', ...native(shortLived.url), '--email', 'expired@example.com', '--send', 'link']);
    const link = await latestLink(shortLived.url, 'expired@example.com');
    await advanceClock(shortLived.url, 2); // past the 1 s lifetime, on the emulator's clock
    const verify = await run(['verify', '--link', link]);
    expect(verify.code).toBe(6);
    expect(verify.stderr).toMatch(/expired/i);
  });

  it('a tampered link (B-LINK-4)', async () => {
    const { run } = session();
    await run(['start', ...native(), '--email', 'tamper@example.com', '--send', 'link']);
    const link = new URL(await latestLink(emu.url, 'tamper@example.com'));
    link.searchParams.set('verification_code', '000000');
    const verify = await run(['verify', '--link', link.href]);
    expect(verify.code).toBe(6);
    expect(verify.stderr).toMatch(/not valid/i);
  });

  it('a link for a login that is not pending here (B-LINK-7)', async () => {
    const { run } = session();
    await runCli(['start', ...native(), '--email', 'elsewhere@example.com', '--send', 'link']); // another config dir
    const verify = await run(['verify', '--link', await latestLink(emu.url, 'elsewhere@example.com'), '--json']);
    expect(verify.code).toBe(6);
    expect(JSON.parse(verify.stdout).error.code).toBe('unknown_link');
  });
});

describe('the loopback listener: start --send link --listen', () => {
  function startListening(args: string[]) {
    const dir = join(tempHome(), 'pwless');
    const child = spawn(process.execPath, [BIN, 'start', ...native(), '--send', 'link', '--listen', ...args], {
      env: cleanEnv({ PWLESS_CONFIG_DIR: dir }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    const waiting = async () => {
      while (!/Waiting up to/.test(stderr)) {
        if (child.exitCode !== null) throw new Error(stderr);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    return { exit, waiting, out: () => ({ stdout, stderr }) };
  }

  it('is completed by a client that follows the link like a browser (B-LINK-3)', async () => {
    const session = startListening(['--email', 'browser@example.com']);
    await session.waiting();
    const link = await latestLink(emu.url, 'browser@example.com');
    const redirect = await fetch(link, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') as string;
    expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
    const page = await fetch(location);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You are logged in');
    expect(await session.exit).toBe(0);
    expect(session.out().stdout).toContain('ID token verified');
  });

  it('refuses a callback with the wrong state and keeps waiting until its timeout (B-LINK-3)', async () => {
    const session = startListening(['--email', 'wrongstate@example.com', '--listen-timeout', '2']);
    await session.waiting();
    const redirectUri = new URL(await latestLink(emu.url, 'wrongstate@example.com')).searchParams.get('redirect_uri') as string;
    const forged = await fetch(`${redirectUri}?code=forged&state=not-the-state`);
    expect(forged.status).toBe(400);
    expect(await session.exit).toBe(4);
    expect(session.out().stderr).toContain('No browser came back');
  });
});
