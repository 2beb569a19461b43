/**
 * `pwless emulator`: the embedded emulator as a foreground server. stdout gets one line, its base
 * URL (or one JSON document with --json), so scripts can read it; the banner and the outbox log go
 * to stderr. Ctrl-C or SIGTERM stops it cleanly.
 */
import { ConfigError, UsageError } from '../../../core/errors.ts';
import { isLoopback, tenantBaseUrl } from '../../../core/domain.ts';
import type { Context } from '../../context.ts';
import { numberFlag, type NumericFlag } from '../../number-flag.ts';
import { ALREADY_PRINTED, type PrintedView } from '../../../render/view.ts';

export interface EmulatorCommandOptions {
  port?: string;
  host?: string;
  tenant?: string;
  seed?: string;
  key?: string;
  otpLength?: string;
  otpTtl?: string;
  clock?: string;
  stateFile?: string;
  /** false with --no-limits. */
  limits?: boolean;
  startLimit?: string;
  tokenLimit?: string;
  bruteForceThreshold?: string;
  outboxPerRecipient?: string;
  outboxTotal?: string;
  fault?: string[];
  tlsCert?: string;
  tlsKey?: string;
  smtp?: string;
  smtpFailure?: 'report' | 'fail';
  smtpTimeout?: string;
  smsGateway?: string;
  smsGatewaySecretFile?: string;
  smsGatewaySecretBase64?: boolean;
  smsGatewaySubject?: string;
  smsGatewayAudience?: string;
  smsGatewayForwardReqInfo?: boolean;
  smsGatewayTimeout?: string;
}

/** `--sms-gateway*` as the `smsGateway` option; the other gateway flags without `--sms-gateway` are a mistake. */
function smsGatewayOption(options: EmulatorCommandOptions): Record<string, unknown> | undefined {
  const { smsGateway: url, smsGatewaySecretFile, smsGatewaySecretBase64, smsGatewaySubject, smsGatewayAudience, smsGatewayForwardReqInfo } = options;
  const extras = { smsGatewaySecretFile, smsGatewaySecretBase64, smsGatewaySubject, smsGatewayAudience, smsGatewayForwardReqInfo };
  if (url === undefined) {
    const given = Object.entries(extras).find(([, value]) => value !== undefined);
    if (given === undefined) return undefined;
    const flag = `--${given[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new UsageError(`${flag} needs --sms-gateway <url>: it configures that gateway.`, { code: 'invalid_emulator_option' });
  }
  return {
    url,
    ...(smsGatewaySecretFile === undefined ? {} : { secretFile: smsGatewaySecretFile }),
    ...(smsGatewaySecretBase64 === undefined ? {} : { secretBase64Encoded: smsGatewaySecretBase64 }),
    ...(smsGatewaySubject === undefined ? {} : { subject: smsGatewaySubject }),
    ...(smsGatewayAudience === undefined ? {} : { audience: smsGatewayAudience }),
    ...(smsGatewayForwardReqInfo === undefined ? {} : { forwardReqInfo: smsGatewayForwardReqInfo }),
  };
}

/** A timeout flag in seconds (fractions allowed) as the milliseconds the emulator takes. */
function timeoutMs(value: string | undefined, flag: '--smtp-timeout' | '--sms-gateway-timeout'): number | undefined {
  const seconds = numberFlag(value, flag, { min: 0, aboveMin: true, max: 600, unit: 'seconds' });
  return seconds === undefined ? undefined : Math.max(1, Math.round(seconds * 1000));
}

export async function emulator(options: EmulatorCommandOptions, ctx: Context): Promise<PrintedView> {
  const { startEmulator } = await import('../../../emulator/server.ts');
  const { bannerLines } = await import('../../../emulator/banner.ts');
  const { EmulatorConfigError } = await import('../../../emulator/errors.ts');
  const { OPTION_RANGES } = await import('../../../emulator/options.ts');
  const host = options.host ?? '127.0.0.1';
  const given = <T>(value: T | undefined, key: string): Record<string, T> => (value === undefined ? {} : { [key]: value });
  // Each numeric flag is checked against the emulator's own range, so -1 and 70000 get one wording.
  const wholeNumber = (value: string | undefined, flag: NumericFlag, range: { min: number; max: number }, hint?: string) =>
    numberFlag(value, flag, { ...range, integer: true, ...(hint === undefined ? {} : { hint }) });
  const emu = await startEmulator({
    host,
    ...given(wholeNumber(options.port, '--port', OPTION_RANGES.port, '0 takes any free port; the default is 4010.'), 'port'),
    ...given(options.tenant, 'tenant'),
    ...given(options.seed, 'seed'),
    ...given(options.key, 'keyFile'),
    ...given(wholeNumber(options.otpLength, '--otp-length', OPTION_RANGES.otpLength), 'otpLength'),
    ...given(wholeNumber(options.otpTtl, '--otp-ttl', OPTION_RANGES.otpTtlSeconds), 'otpTtlSeconds'),
    ...given(options.clock, 'startAt'),
    ...given(options.stateFile, 'stateFile'),
    limits:
      options.limits === false
        ? false
        : {
            ...given(wholeNumber(options.startLimit, '--start-limit', OPTION_RANGES.startPerHour), 'startPerHour'),
            ...given(wholeNumber(options.tokenLimit, '--token-limit', OPTION_RANGES.tokenPerSecond), 'tokenPerSecond'),
            ...given(wholeNumber(options.bruteForceThreshold, '--brute-force-threshold', OPTION_RANGES.bruteForceThreshold), 'bruteForceThreshold'),
          },
    ...given(wholeNumber(options.outboxPerRecipient, '--outbox-per-recipient', OPTION_RANGES.outboxPerRecipient), 'outboxPerRecipient'),
    ...given(wholeNumber(options.outboxTotal, '--outbox-total', OPTION_RANGES.outboxTotal), 'outboxTotal'),
    faults: options.fault ?? [],
    ...given(options.tlsCert, 'tlsCert'),
    ...given(options.tlsKey, 'tlsKey'),
    ...given(options.smtp, 'smtp'),
    ...given(options.smtpFailure, 'smtpFailure'),
    ...given(timeoutMs(options.smtpTimeout, '--smtp-timeout'), 'smtpTimeoutMs'),
    ...given(smsGatewayOption(options), 'smsGateway'),
    ...given(timeoutMs(options.smsGatewayTimeout, '--sms-gateway-timeout'), 'smsGatewayTimeoutMs'),
    onMessage: (line) => ctx.printErr(line),
  }).catch((error: unknown) => {
    // The message names the file or option and the fix. A bad tenant or state file is a
    // configuration problem (exit 3); bad option values, an unreadable key or TLS file, a port in
    // use are usage problems (exit 2).
    if (error instanceof EmulatorConfigError) {
      if (error.isConfigFile) throw new ConfigError(error.message, { code: 'invalid_emulator_file', cause: error });
      const inUse = (error.cause as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
      throw new UsageError(error.message, { code: inUse ? 'emulator_port_in_use' : 'invalid_emulator_option', cause: error });
    }
    throw error;
  });
  if (!isLoopback(host)) ctx.warn(`listening on ${host}, which is not a loopback address: anyone who can reach it can mint tokens.`);
  for (const line of bannerLines(emu, { host, pwlessAcceptsUrl: acceptedAsDomain(emu.url) })) ctx.printErr(line);
  ctx.print(ctx.json ? JSON.stringify({ ok: true, url: emu.url, issuer: emu.issuer, clients: emu.tenant.clients.map((c) => c.client_id) }) : emu.url);

  await untilAborted(ctx.stopSignal());
  await emu.close();
  ctx.printErr('Emulator stopped.');
  // Its one stdout document (or URL line) went out when it started listening.
  return ALREADY_PRINTED;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Whether `--domain <url>` would be taken (plain http only on loopback), so the banner never suggests a refused command. */
function acceptedAsDomain(url: string): boolean {
  try {
    tenantBaseUrl(url);
    return true;
  } catch {
    return false;
  }
}
