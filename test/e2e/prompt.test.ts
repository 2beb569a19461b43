/**
 * The interactive prompt, driven through a real pseudo-terminal: util-linux `script` gives the
 * binary a PTY for stdin, stdout and stderr, and the test types into it like a person.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cleanEnv, tempHome } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

interface Terminal {
  screen(): string;
  type(text: string): void;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exit: Promise<number | null>;
}

function inTerminal(args: string[]): Terminal {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // -q: no banner; -e: exit with the child's status; /dev/null: keep no typescript file.
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { env: cleanEnv({ TERM: 'xterm' }), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  child.stdout.on('data', (d: Buffer) => (screen += d.toString()));
  child.stderr.on('data', (d: Buffer) => (screen += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve(code);
    }),
  );
  return {
    screen: () => screen,
    type: (text) => child.stdin.write(text),
    async waitFor(pattern, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!pattern.test(screen)) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    exit,
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is what starts the ANSI sequences this strips.
const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

describe('the profile wizard on a terminal', () => {
  it('asks for what the flags did not give, masks the secret, and keeps it', async () => {
    const dir = join(tempHome(), 'pwless');
    const term = inTerminal(['--config-dir', dir, 'profile', 'add', 'wiz']);
    await term.waitFor(/Tenant domain/);
    term.type('wizard.eu.auth0.com\r');
    await term.waitFor(/Client id/);
    term.type('wizard-client\r');
    await term.waitFor(/Application type/);
    term.type('\u001b[B\r'); // down to Regular Web Application
    await term.waitFor(/Where is the client secret kept/);
    term.type('\u001b[B\u001b[B\r'); // down twice: stored in the config file
    await term.waitFor(/Client secret/);
    term.type('wizard-secret-9876\r');
    expect(await term.exit).toBe(0);
    expect(plain(term.screen())).not.toContain('wizard-secret-9876');
    const saved = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).profiles.wiz;
    expect(saved).toEqual({
      domain: 'https://wizard.eu.auth0.com',
      clientId: 'wizard-client',
      appType: 'regular_web',
      secret: { kind: 'stored', value: 'wizard-secret-9876' },
    });
  });
});

describe('the code prompt on a terminal', () => {
  it('asks for the code, asks again after a wrong one, and logs in', async () => {
    const term = inTerminal(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'tty@example.com']);
    await term.waitFor(/Code sent to tty@example\.com/);
    term.type('000000\r');
    await term.waitFor(/2 attempts left/);
    const [message] = await outbox(emu.url, 'tty@example.com');
    term.type(`${message?.code}\r`);
    expect(await term.exit).toBe(0);
    const screen = plain(term.screen());
    expect(screen).toContain('Wrong email or verification code.');
    expect(screen).toContain('ID token verified');
    expect(screen).toMatch(/email\s+tty@example\.com/);
  });

  it('accepts the pasted message that holds the code, after refusing one without a code', async () => {
    const term = inTerminal(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'paste@example.com']);
    await term.waitFor(/Code sent to paste@example\.com/);
    term.type('Hello, no code in this line\r');
    await term.waitFor(/or paste the message/);
    const [message] = await outbox(emu.url, 'paste@example.com');
    term.type('\u0015'); // Ctrl-U: clear the refused line, as a person would
    term.type(`Your verification code is: ${message?.code}\r`);
    expect(await term.exit).toBe(0);
    const screen = plain(term.screen());
    expect(screen).toContain('ID token verified');
    expect(screen).toMatch(/email\s+paste@example\.com/);
  });

  it('offers a new code once three wrong ones have voided it, and logs in with the new one', async () => {
    const term = inTerminal(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'resend@example.com']);
    await term.waitFor(/Code sent to resend@example\.com/);
    for (const left of ['2 attempts left', '1 attempt left']) {
      term.type('000000\r');
      await term.waitFor(new RegExp(left));
    }
    term.type('000000\r');
    await term.waitFor(/Send a new code\?/);
    // The third wrong code says the code is now void, and why.
    expect(plain(term.screen())).toContain('Wrong email or verification code. That was the last attempt for this code.');
    const before = (await outbox(emu.url, 'resend@example.com')).length;
    term.type('y');
    term.type('\r');
    await term.waitFor(/Sent a code by email to resend@example\.com[\s\S]*Sent a code by email to resend@example\.com[\s\S]*Code sent to resend/);
    const messages = await outbox(emu.url, 'resend@example.com');
    expect(messages).toHaveLength(before + 1);
    term.type(`${messages[0]?.code}\r`);
    expect(await term.exit).toBe(0);
    expect(plain(term.screen())).toContain('ID token verified');
  });

  it('exits 130 on Ctrl-C at the prompt', async () => {
    const term = inTerminal(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'ctrlc@example.com']);
    await term.waitFor(/Code sent to ctrlc@example\.com/);
    term.type('\u0003');
    expect(await term.exit).toBe(130);
    expect(plain(term.screen())).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
});
