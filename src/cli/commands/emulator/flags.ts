/**
 * The flags of `pwless emulator`. Kept apart from its implementation (emulator.ts), which is only
 * imported when the command runs, so that `pwless --help` loads none of the emulator.
 */
import { Option, type Command } from 'commander';
import {
  DEFAULT_GATEWAY_TIMEOUT_SECONDS,
  DEFAULT_LIMITS,
  DEFAULT_OTP_LENGTH,
  DEFAULT_OUTBOX_CAPS,
  DEFAULT_OTP_TTL_SECONDS,
  DEFAULT_PORT,
  DEFAULT_SMTP_TIMEOUT_SECONDS,
  SMTP_FAILURE_MODES,
} from '../../../emulator/defaults.ts';
import type { Execute } from '../../task.ts';

/** Collects a repeatable flag's values in order. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function defineEmulatorCommand(emulator: Command, execute: Execute): void {
  emulator
    .option('--port <port>', 'port to listen on; 0 picks a free one', String(DEFAULT_PORT))
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .option('--tenant <file>', 'tenant file (JSON: clients, connections, users, test_codes); see docs/emulator.md')
    .option('--seed <seed>', 'make codes and ids repeatable')
    .option('--key <file>', 'RS256 signing key, PEM or JWK (default: a new key per run)')
    .option('--otp-length <digits>', 'length of the codes', String(DEFAULT_OTP_LENGTH))
    .option('--otp-ttl <seconds>', 'lifetime of the codes', String(DEFAULT_OTP_TTL_SECONDS))
    .option('--clock <iso>', 'start the emulator clock at this time, e.g. 2030-01-01T00:00:00Z (move it with POST /__emulator/clock)')
    .option('--state-file <file>', 'keep codes, users, messages, refresh tokens and keys in this file across restarts')
    .option('--no-limits', 'turn off rate limits and brute-force protection (for load tests)')
    .option('--start-limit <per-hour>', 'rate limit of /passwordless/start per source IP: burst and per hour', String(DEFAULT_LIMITS.startPerHour))
    .option('--token-limit <per-second>', 'rate limit of /oauth/token per source IP: burst and per second', String(DEFAULT_LIMITS.tokenPerSecond))
    .option(
      '--brute-force-threshold <failures>',
      'failed codes for one identity from one IP before 429 too_many_attempts',
      String(DEFAULT_LIMITS.bruteForceThreshold),
    )
    .option('--outbox-per-recipient <n>', 'outbox messages kept per recipient; past it their oldest is dropped', String(DEFAULT_OUTBOX_CAPS.perRecipient))
    .option('--outbox-total <n>', 'outbox messages kept in all; past it the oldest is dropped', String(DEFAULT_OUTBOX_CAPS.total))
    .option('--fault <json>', 'arm a fault at start, e.g. \'{"endpoint":"/oauth/token","count":1,"status":503}\' (repeatable)', collect, [])
    .option('--tls-cert <pem>', 'serve HTTPS with this certificate (needs --tls-key)')
    .option('--tls-key <pem>', 'private key of --tls-cert')
    .option('--smtp <url>', 'also send each email to this SMTP server (a mail catcher), e.g. smtp://127.0.0.1:1025')
    .addOption(
      new Option('--smtp-failure <mode>', 'when the SMTP server refuses an email: report it on stderr, or fail /passwordless/start (500)')
        .choices(SMTP_FAILURE_MODES)
        .default('report'),
    )
    .option('--smtp-timeout <seconds>', 'give up on the SMTP server after this long', String(DEFAULT_SMTP_TIMEOUT_SECONDS))
    .option('--sms-gateway <url>', "also POST each SMS to this custom SMS gateway, as Auth0's sms_gateway provider does")
    .option('--sms-gateway-secret-file <file>', 'sign a bearer HS256 JWT for the gateway with the secret in this file')
    .option('--sms-gateway-secret-base64', 'the secret file holds base64url text (Auth0: secret_base64_encoded)')
    .option('--sms-gateway-subject <sub>', "the token's sub (Auth0: gateway_authentication.subject)")
    .option('--sms-gateway-audience <aud>', "the token's aud (Auth0: gateway_authentication.audience)")
    .option('--sms-gateway-forward-req-info', "add the /passwordless/start request's IP and user agent (Auth0: forward_req_info)")
    .option('--sms-gateway-timeout <seconds>', 'answer sms_provider_error when the gateway takes longer (Auth0: 30 s)', String(DEFAULT_GATEWAY_TIMEOUT_SECONDS))
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      await execute(opts, async (ctx) => (await import('./run.ts')).emulator(opts, ctx));
    });
}
