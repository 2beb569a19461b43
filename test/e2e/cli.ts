/**
 * Runs the real binary, `node bin/pwless.js`, as a user or script would: its own process, a
 * temporary config dir, no colour, no TTY (stdin closed) unless a test gives input.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tempDir, tempRoot } from '../helpers/temp-dir.ts';

export const BIN = resolve(import.meta.dirname, '../../bin/pwless.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  /** Called with the stderr text so far on each chunk, e.g. to act once the binary says it is waiting. */
  onStderr?: (stderr: string) => void;
}

/** A HOME of its own, below the test run's temporary root (removed when the run ends). */
export function tempHome(): string {
  return tempDir('pwless-e2e-');
}

/**
 * An environment with no PWLESS_* or colour settings leaking in from the developer's shell. Node's
 * compile cache (enabled by bin/pwless.js) is shared by the runs, inside the temporary root.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PWLESS_') && k !== 'FORCE_COLOR' && k !== 'NO_COLOR') env[k] = v;
  const home = tempHome();
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    PWLESS_CONFIG_DIR: join(home, 'pwless'),
    NODE_COMPILE_CACHE: join(tempRoot(), 'node-compile-cache'),
    NO_COLOR: '1',
    ...extra,
  };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: cleanEnv(options.env),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onStderr?.(stderr);
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** Commands that share one config dir of their own, as one user's shell would. */
export function configSession(): { dir: string; file: string; run: (args: string[], options?: CliOptions) => Promise<CliRun> } {
  const dir = join(tempHome(), 'pwless');
  const run = (args: string[], options: CliOptions = {}) => runCli(args, { ...options, env: { PWLESS_CONFIG_DIR: dir, ...options.env } });
  return { dir, file: join(dir, 'config.json'), run };
}
