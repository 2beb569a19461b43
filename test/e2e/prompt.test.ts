/**
 * The interactive prompt, driven through a real pseudo-terminal: util-linux `script` gives the
 * binary a PTY for stdin, stdout and stderr, and the test types into it like a person.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from './cli.ts';
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

const plain = (s: string) => s.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

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

  it('exits 130 on Ctrl-C at the prompt', async () => {
    const term = inTerminal(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'ctrlc@example.com']);
    await term.waitFor(/Code sent to ctrlc@example\.com/);
    term.type('\u0003');
    expect(await term.exit).toBe(130);
    expect(plain(term.screen())).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
});
