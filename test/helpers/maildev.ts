/**
 * A real MailDev (the `maildev` dev dependency, v3) on loopback for the tests that send or read
 * email over SMTP: started on free ports with `--ip 127.0.0.1 --web-ip 127.0.0.1`, ready when its
 * REST API answers `GET /api/healthz`, read through that API (`GET /api/email`, `GET
 * /api/email/:id`, `DELETE /api/email/all`, the routes of `@maildev/api`), and stopped by the test.
 *
 * MailDev keeps the mail in memory, but still writes each message's .eml file below
 * `os.tmpdir()/maildev`: the child gets a TMPDIR of its own, which `stop()` removes once the
 * process has exited, so nothing is left on disk and no process runs after the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { eventually } from './poll.ts';

const MAILDEV_BIN = join(import.meta.dirname, '../../node_modules/maildev/dist/bin/maildev.js');

/** What MailDev's API answers for one email (the fields the tests read). */
export interface MailDevEmail {
  id: string;
  subject: string;
  text?: string;
  html?: string;
  from: { address: string; name?: string }[];
  to: { address: string; name?: string }[];
  time: string;
}

export interface MailDev {
  /** Where to send: smtp://127.0.0.1:<port> (the emulator's --smtp). */
  smtpUrl: string;
  smtpPort: number;
  /** The web and REST API base URL, e.g. http://127.0.0.1:41234 (the `maildev:` code source). */
  webUrl: string;
  /** The child's own temporary directory (removed by stop()). */
  dir: string;
  child: ChildProcess;
  emails(): Promise<MailDevEmail[]>;
  email(id: string): Promise<MailDevEmail>;
  /** Waits for the first email to `to` (polls the API; never a fixed sleep). */
  emailTo(to: string, timeoutMs?: number): Promise<MailDevEmail>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as T;
}

/** SIGTERM (MailDev closes its servers), SIGKILL if it has not exited 5 s later. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

export async function startMailDev(): Promise<MailDev> {
  const [smtpPort, webPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'pwless-maildev-'));
  const args = [MAILDEV_BIN, '--smtp', String(smtpPort), '--web', String(webPort), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--silent'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: dir } });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  const webUrl = `http://127.0.0.1:${webPort}`;
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`maildev exited ${child.exitCode}: ${stderr}`);
        return getJson<boolean>(`${webUrl}/api/healthz`);
      },
      { timeoutMs: 15_000, intervalMs: 50 },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  const emails = () => getJson<MailDevEmail[]>(`${webUrl}/api/email`);
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    smtpPort,
    webUrl,
    dir,
    child,
    emails,
    email: (id) => getJson<MailDevEmail>(`${webUrl}/api/email/${encodeURIComponent(id)}`),
    async emailTo(to, timeoutMs = 5000) {
      return eventually(
        async () => {
          const found = (await emails()).find((e) => e.to.some((a) => a.address.toLowerCase() === to.toLowerCase()));
          if (found === undefined) throw new Error(`no email to ${to} in MailDev`);
          return found;
        },
        { timeoutMs },
      );
    },
    async clear() {
      const res = await fetch(`${webUrl}/api/email/all`, { method: 'DELETE' });
      await res.body?.cancel();
    },
    stop,
  };
}
