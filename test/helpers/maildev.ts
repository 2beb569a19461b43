/**
 * A real MailDev (the `maildev` dev dependency, v3) on loopback for the tests that send email over
 * SMTP: started on free ports with `--ip 127.0.0.1 --web-ip 127.0.0.1`, ready when its REST API
 * answers, read through that API (`GET /api/email`, `GET /api/email/:id`, `DELETE /api/email/all`,
 * the routes of `@maildev/api`), and stopped by the test. Nothing is written to disk: without
 * `--mail-directory` MailDev keeps the mail in memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './poll.ts';

const MAILDEV_BIN = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules/maildev/dist/bin/maildev.js');

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
  smtpUrl: string;
  webUrl: string;
  emails(): Promise<MailDevEmail[]>;
  email(id: string): Promise<MailDevEmail>;
  /** Waits for the first email to `to` (polls the API; never a fixed sleep). */
  emailTo(to: string, timeoutMs?: number): Promise<MailDevEmail>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (MailDev takes port numbers, not 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as T;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export async function startMailDev(): Promise<MailDev> {
  const [smtpPort, webPort] = [await freePort(), await freePort()];
  const args = [MAILDEV_BIN, '--smtp', String(smtpPort), '--web', String(webPort), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--silent'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
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
    await stopChild(child);
    throw err;
  }
  const emails = () => getJson<MailDevEmail[]>(`${webUrl}/api/email`);
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl,
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
    stop: () => stopChild(child),
  };
}
