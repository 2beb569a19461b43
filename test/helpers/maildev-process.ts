/**
 * A real MailDev (the `maildev` dev dependency) for the tests: spawned on loopback ports that were
 * free a moment before, its mail kept in a directory of the test run's temporary root, ready when
 * its `GET /api/healthz` answers. `stop()` ends the process and waits for it to exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eventually } from './poll.ts';
import { tempDir } from './temp-dir.ts';

export interface MailDev {
  /** The web/API base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  smtpPort: number;
  stop(): Promise<void>;
}

const BIN = join(import.meta.dirname, '../../node_modules/.bin/maildev');

export async function startMailDev(): Promise<MailDev> {
  const [smtpPort, webPort] = [await freePort(), await freePort()];
  const mailDir = tempDir('pwless-maildev-');
  const child = spawn(
    BIN,
    ['--smtp', String(smtpPort), '--web', String(webPort), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--mail-directory', mailDir, '--silent'],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: mailDir } },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const url = `http://127.0.0.1:${webPort}`;
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`maildev exited with ${child.exitCode}: ${stderr}`);
        return (await fetch(`${url}/api/healthz`)).ok;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop(child);
    throw error;
  }
  return { url, smtpPort, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A port nothing listens on now: bound to port 0, then closed. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
