/**
 * The exit codes of design.md §3, one per failure family. This file is the only place that maps an
 * error to a code; main.ts is the only place that sets process.exitCode.
 */
import type { ErrorFamily } from '../core/errors.ts';

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  config: 3,
  network: 4,
  tenant: 5,
  code: 6,
  rate_limit: 7,
  verification: 8,
  assertion: 9,
  interrupted: 130,
} as const satisfies Record<ErrorFamily | 'ok' | 'internal' | 'assertion', number>;

export const EXIT_CODE_HELP = `Exit codes:
  0    success
  1    unexpected internal error (please report it)
  2    usage: bad flag or value, missing input with no TTY or --no-input
  3    configuration: unknown profile, invalid config, missing domain or client id
  4    network or server: DNS, refused, proxy, TLS, timeout, any 5xx, a non-JSON,
       empty or malformed body; no code or browser came in time (--otp-timeout,
       --listen-timeout); retryable
  5    the tenant refused the request (OAuth/Auth0 error)
  6    the code or link was wrong, expired, used, or out of attempts (invalid_grant);
       a link for no pending login, a state mismatch, an unexpected redirect
  7    rate limited or blocked (too_many_requests / too_many_attempts)
  8    token verification failed (signature, issuer, audience, expiry, nonce, algorithm,
       a discovery document naming another issuer)
  9    a smoke-test assertion failed
  130  interrupted (Ctrl-C)`;

export function exitCodeFor(family: ErrorFamily): number {
  return EXIT[family];
}
