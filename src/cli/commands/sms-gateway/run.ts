/**
 * `pwless sms-gateway`: the receiver of src/cli/sms-gateway/ as a foreground server. stdout gets
 * one line, its URL (or one JSON document with --json), so scripts can read it; the banner and a
 * line per message go to stderr. Ctrl-C or SIGTERM stops it cleanly.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../../core/errors.ts';
import { isLoopback } from '../../../core/domain.ts';
import { smsGatewayBannerLines, smsGatewayStartDocument, smsReceivedLine, smsRefusedLine } from '../../../render/sms-gateway.ts';
import { ALREADY_PRINTED, type PrintedView } from '../../../render/view.ts';
import type { Context } from '../../context.ts';
import { DEFAULT_SMS_GATEWAY_MAX_MESSAGES, DEFAULT_SMS_GATEWAY_PORT } from '../../flag-values.ts';
import type { GatewayAuthentication } from '../../sms-gateway/bearer.ts';

export interface SmsGatewayOptions {
  port?: string;
  host?: string;
  jwtSecretFile?: string;
  subject?: string;
  audience?: string;
  secretBase64?: boolean;
  maxMessages?: string;
  showCodes?: boolean;
}

export async function smsGateway(options: SmsGatewayOptions, ctx: Context): Promise<PrintedView> {
  const port = wholeNumber(
    options.port ?? String(DEFAULT_SMS_GATEWAY_PORT),
    '--port',
    0,
    65535,
    `0 takes any free port; the default is ${DEFAULT_SMS_GATEWAY_PORT}.`,
  );
  const maxMessages = wholeNumber(options.maxMessages ?? String(DEFAULT_SMS_GATEWAY_MAX_MESSAGES), '--max-messages', 1, 100_000);
  const host = options.host ?? '127.0.0.1';
  const auth = await gatewayAuthentication(options);
  const { startReceiver } = await import('../../sms-gateway/receiver.ts');
  const receiver = await startReceiver({
    host,
    port,
    maxMessages,
    auth,
    onMessage: (m) => ctx.printErr(smsReceivedLine(ctx.err, m, options.showCodes === true)),
    onRefused: (r) => ctx.printErr(smsRefusedLine(ctx.err, r)),
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new UsageError(`--port ${port}: the port is in use on ${host}.`, {
        code: 'sms_gateway_port_in_use',
        hint: 'Choose another port, or --port 0 for a free one.',
        cause: error,
      });
    }
    throw new UsageError(`--host ${JSON.stringify(host)}: cannot listen there (${code ?? (error as Error).message}).`, {
      code: 'invalid_sms_gateway_option',
      hint: 'Give an address of this machine, e.g. 127.0.0.1 (the default) or ::1.',
      cause: error,
    });
  });
  if (!isLoopback(host)) ctx.warn(`listening on ${host}, which is not a loopback address: anyone who can reach it can read the codes at /messages.`);
  for (const line of smsGatewayBannerLines(ctx.err, receiver.url, auth !== undefined)) ctx.printErr(line);
  ctx.print(ctx.json ? smsGatewayStartDocument(receiver.url, auth !== undefined) : receiver.url);

  await untilAborted(ctx.stopSignal());
  await receiver.close();
  ctx.printErr('SMS gateway stopped.');
  // Its one stdout document (or URL line) went out when it started listening.
  return ALREADY_PRINTED;
}

/** The connection's gateway_authentication, from the secret file and flags; undefined without a file. */
async function gatewayAuthentication(options: SmsGatewayOptions): Promise<GatewayAuthentication | undefined> {
  if (options.jwtSecretFile === undefined) {
    const stray = [
      options.subject !== undefined && '--subject',
      options.audience !== undefined && '--audience',
      options.secretBase64 && '--secret-base64',
    ].filter(Boolean);
    if (stray.length > 0) {
      throw new UsageError(`${stray.join(' and ')} without --jwt-secret-file: nothing would check the token.`, {
        code: 'invalid_sms_gateway_option',
        hint: "Give --jwt-secret-file <path>, a file holding the connection's gateway_authentication.secret.",
      });
    }
    return undefined;
  }
  let text: string;
  try {
    text = (await readFile(options.jwtSecretFile, 'utf8')).trim();
  } catch (error) {
    throw new UsageError(`--jwt-secret-file ${JSON.stringify(options.jwtSecretFile)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
      code: 'invalid_sms_gateway_option',
      hint: 'Check the path.',
    });
  }
  const secret = options.secretBase64 ? Buffer.from(text, 'base64url') : Buffer.from(text, 'utf8');
  if (secret.length === 0) {
    throw new UsageError(`--jwt-secret-file ${JSON.stringify(options.jwtSecretFile)} is empty.`, {
      code: 'invalid_sms_gateway_option',
      hint: "Write the connection's gateway_authentication.secret into it.",
    });
  }
  return { secret: new Uint8Array(secret), subject: options.subject, audience: options.audience };
}

function wholeNumber(value: string, flag: string, min: number, max: number, hint?: string): number {
  const n = Number(value);
  if (value.trim() !== '' && Number.isInteger(n) && n >= min && n <= max) return n;
  throw new UsageError(`${flag} ${JSON.stringify(value)} is not valid: give a whole number from ${min} to ${max}.`, {
    code: 'invalid_sms_gateway_option',
    ...(hint === undefined ? {} : { hint }),
  });
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
