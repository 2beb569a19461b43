/**
 * `--otp-from cmd:` ends at --otp-timeout and leaves nothing running (issue 22, item 1): on main,
 * `cmd:sleep 8` with --otp-timeout 1 answered after 8 s, a code printed late was sent (spending a
 * try), and after Ctrl-C the command's children ran on under PID 1. The commands below write the
 * pids of the shell and of what it starts to a file; after the run, none of them may still run.
 * Also: the command gets a minimal environment, never the client secret.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/poll.ts';
import { BIN, cleanEnv, configSession, runCli, tempHome } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

const target = () => ['--domain', emu.url, '--client-id', 'emulator-native'];

/** The pids a command wrote to `file`, one a line. */
function pidsIn(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
}

/**
 * Whether a process runs: kill(pid, 0) fails with ESRCH when there is none. A zombie has exited
 * and only waits for its parent to collect its status; a process whose parent died waits for PID 1
 * to do that, and the PID 1 of some containers never does, so a zombie counts as gone.
 */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

// On a failure (or on main) the processes may still run: the test ends them, whatever happened.
const recorded: string[] = [];
afterEach(() => {
  for (const pid of recorded.splice(0).flatMap(pidsIn)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
});

/** A pid file in a directory of its own, cleaned up after the test. */
function pidFile(): string {
  const file = join(tempHome(), 'pids');
  recorded.push(file);
  return file;
}

describe('--otp-from cmd: (issue 22)', () => {
  it('answers at --otp-timeout with otp_timeout, and ends the command with all it started', async () => {
    const pids = pidFile();
    const started = Date.now();
    const run = await runCli(
      [
        'start',
        ...target(),
        '--email',
        'slow@example.com',
        '--otp-from',
        `cmd:echo $$ > ${pids}; sleep 60 & echo $! >> ${pids}; wait`,
        '--otp-timeout',
        '1',
        '--json',
      ],
      { timeoutMs: 20_000 },
    );
    const elapsed = Date.now() - started;
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: 'otp_timeout',
      description: 'No code came from the command (last run: killed at the deadline) within 1 s.',
    });
    // The deadline is 1 s after the code was sent; the rest is the run's own start. Before the fix: the full 60 s.
    expect(elapsed).toBeLessThan(10_000);
    expect(pidsIn(pids)).toHaveLength(2);
    expect(pidsIn(pids).filter(running)).toEqual([]);
  });

  it('does not send a code the command prints after the deadline', async () => {
    const { run } = configSession();
    const pids = pidFile();
    // The inner shell prints a code 3 s in: past the deadline, and it is not `sh`, which is all main killed.
    const late = `echo $$ > ${pids}; sh -c 'echo $$ >> ${pids}; sleep 3; echo 654321'; true`;
    const start = await run(['start', ...target(), '--email', 'late@example.com', '--otp-from', `cmd:${late}`, '--otp-timeout', '1', '--json']);
    expect(start.code).toBe(4);
    expect(JSON.parse(start.stdout).error.code).toBe('otp_timeout');
    expect(pidsIn(pids).filter(running)).toEqual([]);
    // No code was tried: the pending login still has all its tries.
    const pending = JSON.parse((await run(['pending', '--json'])).stdout).pending;
    expect(pending.map((p: { identity: string; failed_attempts?: number }) => [p.identity, p.failed_attempts ?? 0])).toEqual([['late@example.com', 0]]);
  });

  it('on Ctrl-C exits 130 and ends the command with all it started', async () => {
    const pids = pidFile();
    const child = spawn(
      process.execPath,
      [BIN, 'start', ...target(), '--email', 'interrupted@example.com', '--otp-from', `cmd:echo $$ > ${pids}; sleep 60 & echo $! >> ${pids}; wait`],
      { env: cleanEnv(), stdio: 'ignore' },
    );
    const exited = once(child, 'exit');
    await eventually(() => pidsIn(pids).length === 2, { timeoutMs: 15_000 });
    child.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(130);
    // SIGKILL is delivered as the kill(2) call returns; the processes are gone once the kernel has run them down.
    await eventually(() => expect(pidsIn(pids).filter(running)).toEqual([]), { timeoutMs: 2000 });
  });

  // SIGTERM and SIGHUP (a closed terminal) used to end pwless at once, leaving the command's group running.
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('on %s exits %i and ends the command with all it started', async (signal, exitCode) => {
    const pids = pidFile();
    const child = spawn(
      process.execPath,
      [BIN, 'start', ...target(), '--email', 'terminated@example.com', '--otp-from', `cmd:echo $$ > ${pids}; sleep 60 & echo $! >> ${pids}; wait`],
      { env: cleanEnv(), stdio: 'ignore' },
    );
    const exited = once(child, 'exit');
    await eventually(() => pidsIn(pids).length === 2, { timeoutMs: 15_000 });
    child.kill(signal);
    const [code] = await exited;
    expect(code).toBe(exitCode);
    await eventually(() => expect(pidsIn(pids).filter(running)).toEqual([]), { timeoutMs: 2000 });
  });

  it('gives the command PATH, HOME, the locale, PWLESS_OTP_* and the --otp-env variables, never the client secret', async () => {
    const out = join(tempHome(), 'env');
    const run = await runCli(
      [
        'verify',
        '--domain',
        'http://127.0.0.1:9',
        '--client-id',
        'app',
        '--email',
        'env@example.com',
        '--otp-from',
        `cmd:env > ${out}`,
        '--otp-timeout',
        '0.5',
        '--otp-env',
        'MAILPIT_TOKEN',
      ],
      { env: { PWLESS_CLIENT_SECRET: 'the-client-secret', MAILPIT_TOKEN: 'named', NOT_NAMED: 'kept-back', LANG: 'C.UTF-8' } },
    );
    expect(run.code).toBe(4);
    const env = Object.fromEntries(
      readFileSync(out, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(readFileSync(out, 'utf8')).not.toContain('the-client-secret');
    // What the shell sets itself (PWD, SHLVL, _) aside, the environment is exactly this; of the
    // shell's basics, those the test run has (HOME and LANG are set above).
    const { PWD: _pwd, SHLVL: _shlvl, _: _last, ...given } = env;
    const basics = Object.keys(process.env).filter(
      (name) => ['TMPDIR', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'TZ', 'LANGUAGE'].includes(name) || /^LC_[A-Z]+$/.test(name),
    );
    expect(Object.keys(given).sort()).toEqual(
      ['HOME', 'LANG', 'MAILPIT_TOKEN', 'PATH', 'PWLESS_OTP_SINCE', 'PWLESS_OTP_SINCE_MS', 'PWLESS_OTP_TO', ...basics].sort(),
    );
    expect(given).toMatchObject({ MAILPIT_TOKEN: 'named', LANG: 'C.UTF-8', PWLESS_OTP_TO: 'env@example.com', PATH: process.env.PATH });
  });

  it('refuses to pass the client secret on (exit 2, invalid_otp_env)', async () => {
    const run = await runCli([
      'verify',
      '--domain',
      'http://127.0.0.1:9',
      '--client-id',
      'app',
      '--email',
      'env@example.com',
      '--otp-from',
      'cmd:env',
      '--otp-env',
      'PWLESS_CLIENT_SECRET',
      '--json',
    ]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: 'invalid_otp_env',
      description: '--otp-env PWLESS_CLIENT_SECRET: that variable holds a secret of the application, and a code command never gets it.',
    });
  });
});
