/**
 * `pwless sms-gateway --port 0` as a real process: its URL is the first line it prints on stdout
 * (README "pwless sms-gateway"); the messages and refusals it logs are on stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { eventually } from '../helpers/poll.ts';
import { BIN, cleanEnv } from './cli.ts';

export interface SmsGatewayProcess {
  /** The first stdout line: the URL, or the whole document with --json. */
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Ends it (SIGTERM by default) and resolves with its exit code; at once if it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function spawnSmsGateway(args: string[] = []): Promise<SmsGatewayProcess> {
  const child = spawn(process.execPath, [BIN, 'sms-gateway', '--port', '0', ...args], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const gateway: SmsGatewayProcess = {
    url: '',
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
  try {
    await eventually(
      () => {
        if (child.exitCode !== null) throw new Error(`sms-gateway exited ${child.exitCode}: ${stderr}`);
        return stdout.includes('\n');
      },
      { timeoutMs: 15_000 },
    );
  } catch (error) {
    await gateway.stop();
    throw error;
  }
  gateway.url = stdout.split('\n')[0] as string;
  return gateway;
}
