/**
 * The real-delivery options of `startEmulator` (docs/emulator.md "Real delivery"): `smtp`,
 * `smtpTimeoutMs`, `smtpFailure`, `smsGateway` and `smsGatewayTimeoutMs`. Each bad value throws an
 * EmulatorConfigError naming the option and the fix, before anything listens. The gateway's secret
 * file is read later, with the other files (server.ts), so all file errors come from one place.
 */
import { EmulatorConfigError } from './errors.ts';
import { DEFAULT_GATEWAY_TIMEOUT_SECONDS, DEFAULT_SMTP_TIMEOUT_SECONDS, SMTP_FAILURE_MODES } from './defaults.ts';
import type { SmtpTarget } from './smtp.ts';

/** `smsGateway`: the custom SMS gateway every SMS connection without its own `gateway_url` uses. */
export interface SmsGatewayOption {
  /** An http(s) URL (`--sms-gateway`). */
  url: string;
  /** The HS256 secret (code only), or the file holding it (`--sms-gateway-secret-file`). */
  secret?: string;
  secretFile?: string;
  /** The secret is base64url text (`--sms-gateway-secret-base64`; Auth0's `secret_base64_encoded`). */
  secretBase64Encoded?: boolean;
  /** The token's `sub` and `aud` (`--sms-gateway-subject`, `--sms-gateway-audience`). */
  subject?: string;
  audience?: string;
  /** Add the /start request's IP and user agent (Auth0's `forward_req_info`). */
  forwardReqInfo?: boolean;
}

export interface DeliveryOptions {
  smtp?: string;
  smtpTimeoutMs?: number;
  smtpFailure?: SmtpFailure;
  smsGateway?: SmsGatewayOption;
  smsGatewayTimeoutMs?: number;
}

/** What `/passwordless/start` answers when the SMTP server does not take the email (the emulator's choice, B-MSG-4). */
const SMTP_FAILURES = SMTP_FAILURE_MODES;
export type SmtpFailure = (typeof SMTP_FAILURES)[number];

const DEFAULT_SMTP_TIMEOUT_MS = DEFAULT_SMTP_TIMEOUT_SECONDS * 1000;
const DEFAULT_GATEWAY_TIMEOUT_MS = DEFAULT_GATEWAY_TIMEOUT_SECONDS * 1000;

export interface DeliverySettings {
  smtp: SmtpTarget | undefined;
  smtpFailure: SmtpFailure;
  smsGateway: SmsGatewayOption | undefined;
  smsGatewayTimeoutMs: number;
}

function fail(option: string, message: string): never {
  throw new EmulatorConfigError(option, message);
}

function timeoutMs(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 600_000) {
    fail(option, `Invalid ${option} ${String(value)}: use an integer number of milliseconds from 1 to 600000 (default ${fallback}).`);
  }
  return value;
}

function smtpUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    // said below
  }
  if (url === undefined || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '' || url.pathname.replace(/^\/$/, '') !== '') {
    fail('smtp', `Invalid smtp ${JSON.stringify(value)}: give smtp://host:port, e.g. smtp://127.0.0.1:1025 (a mail catcher such as MailDev or Mailpit).`);
  }
  // A password in a flag value would show in `ps` and shell history (design.md §3: no secrets in flags).
  if (url.username !== '' || url.password !== '')
    fail('smtp', 'Invalid smtp: user names and passwords are not taken here; point it at a mail catcher that needs none.');
  return value as string;
}

function gatewayOption(value: unknown): SmsGatewayOption {
  if (value === null || typeof value !== 'object') fail('smsGateway', 'Invalid smsGateway: give an object with at least a url.');
  const option = value as Record<string, unknown>;
  let url: URL | undefined;
  try {
    url = typeof option.url === 'string' ? new URL(option.url) : undefined;
  } catch {
    // said below
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    fail('smsGateway', `Invalid SMS gateway URL ${JSON.stringify(option.url)}: give an http or https URL, e.g. http://127.0.0.1:4020/sms.`);
  }
  for (const key of ['secret', 'secretFile', 'subject', 'audience'] as const) {
    if (option[key] !== undefined && (typeof option[key] !== 'string' || option[key].trim() === '')) {
      fail('smsGateway', `Invalid smsGateway.${key}: give a non-empty string.`);
    }
  }
  for (const key of ['secretBase64Encoded', 'forwardReqInfo'] as const) {
    if (option[key] !== undefined && typeof option[key] !== 'boolean') fail('smsGateway', `Invalid smsGateway.${key}: give true or false.`);
  }
  if (option.secret !== undefined && option.secretFile !== undefined) fail('smsGateway', 'Give the SMS gateway secret or its file, not both.');
  const hasSecret = option.secret !== undefined || option.secretFile !== undefined;
  if (!hasSecret && (option.subject !== undefined || option.audience !== undefined || option.secretBase64Encoded === true)) {
    fail(
      'smsGateway',
      'The SMS gateway token needs a secret: give --sms-gateway-secret-file (or smsGateway.secret) with the subject, audience or base64 setting.',
    );
  }
  return option as unknown as SmsGatewayOption;
}

export function resolveDeliverySettings(options: DeliveryOptions): DeliverySettings {
  const failure = options.smtpFailure ?? 'report';
  if (!(SMTP_FAILURES as readonly string[]).includes(failure))
    fail('smtpFailure', `Invalid smtpFailure ${JSON.stringify(failure)}: use one of ${SMTP_FAILURES.join(', ')} (default report).`);
  const smtpTimeout = timeoutMs('smtpTimeoutMs', options.smtpTimeoutMs, DEFAULT_SMTP_TIMEOUT_MS);
  return {
    smtp: options.smtp === undefined ? undefined : { url: smtpUrl(options.smtp), timeoutMs: smtpTimeout },
    smtpFailure: failure,
    smsGateway: options.smsGateway === undefined ? undefined : gatewayOption(options.smsGateway),
    smsGatewayTimeoutMs: timeoutMs('smsGatewayTimeoutMs', options.smsGatewayTimeoutMs, DEFAULT_GATEWAY_TIMEOUT_MS),
  };
}
