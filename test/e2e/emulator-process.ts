/** `pwless emulator --port 0` as a real process: its URL is the one line it prints on stdout. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cleanEnv, tempHome } from './cli.ts';

export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed on stderr so far: the banner and the outbox log. */
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string }>;
}

/** An emulator serving `tenant` (a tenant file's content, written to a temporary file), plus `args`. */
export function spawnEmulatorWithTenant(tenant: unknown, args: string[] = []): Promise<EmulatorProcess> {
  const file = join(tempHome(), 'tenant.json');
  writeFileSync(file, JSON.stringify(tenant));
  return spawnEmulator(['--tenant', file, ...args]);
}

export async function spawnEmulator(args: string[] = []): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', ...args], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${stderr}`)), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}: ${stderr}`)));
  });
  return {
    url,
    child,
    stderr: () => stderr,
    async stop(signal = 'SIGINT') {
      if (child.exitCode !== null) return { code: child.exitCode, stdout };
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return { code, stdout };
    },
  };
}

/** Moves the emulator's clock forward (POST /__emulator/clock), instead of sleeping until codes expire. */
export async function advanceClock(url: string, seconds: number): Promise<void> {
  const res = await fetch(`${url}/__emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance_seconds: seconds }),
  });
  if (res.status !== 200) throw new Error(`POST /__emulator/clock answered ${res.status}: ${await res.text()}`);
}

export async function outbox(url: string, to: string): Promise<{ code: string; id: string }[]> {
  const res = await fetch(`${url}/__emulator/outbox?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: { code: string; id: string }[] }).messages;
}
