/**
 * `pwless emulator`: the embedded emulator as a foreground server. stdout gets one line, its base
 * URL (or one JSON document with --json), so scripts can read it; the banner and the outbox log go
 * to stderr. Ctrl-C or SIGTERM stops it cleanly.
 */
import { UsageError } from '../../core/errors.ts';
import { isLoopback } from '../../core/domain.ts';
import type { Context } from '../context.ts';
import type { EmulatorStopped } from '../result.ts';

export interface EmulatorCommandOptions {
  port?: string;
  host?: string;
  seed?: string;
  key?: string;
  otpLength?: string;
  otpTtl?: string;
}

export async function emulator(options: EmulatorCommandOptions, ctx: Context): Promise<EmulatorStopped> {
  const { startEmulator } = await import('../../emulator/server.ts');
  const { bannerLines } = await import('../../emulator/banner.ts');
  const { EmulatorConfigError } = await import('../../emulator/errors.ts');
  const host = options.host ?? '127.0.0.1';
  const emu = await startEmulator({
    host,
    port: integer(options.port, '--port', 4010),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.key !== undefined ? { keyFile: options.key } : {}),
    otpLength: integer(options.otpLength, '--otp-length', 6),
    otpTtlSeconds: integer(options.otpTtl, '--otp-ttl', 300),
    onMessage: (line) => ctx.printErr(line),
  }).catch((error: unknown) => {
    // Bad option values, an unreadable key file, a port in use: the message names the fix.
    if (error instanceof EmulatorConfigError) throw new UsageError(error.message, { code: 'invalid_option', cause: error });
    throw error;
  });
  if (!isLoopback(host)) ctx.warn(`listening on ${host}, which is not a loopback address: anyone who can reach it can mint tokens.`);
  for (const line of bannerLines(emu)) ctx.printErr(line);
  ctx.print(ctx.json ? JSON.stringify({ ok: true, url: emu.url, issuer: emu.issuer, clients: emu.tenant.clients.map((c) => c.client_id) }) : emu.url);

  await untilStopped(ctx.signal);
  await emu.close();
  ctx.printErr('Emulator stopped.');
  return { kind: 'emulator', url: emu.url, issuer: emu.issuer };
}

function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    if (signal?.aborted) return resolve();
    signal?.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
  });
}

function integer(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a whole number.`, { code: 'invalid_option' });
  return Number(value);
}
