/**
 * The exit codes of design.md §3, one per failure family. This file is the only place that maps an
 * error to a code; main.ts is the only place that sets process.exitCode.
 */
import type { ErrorFamily } from '../core/error-codes.ts';

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
} as const satisfies Record<ErrorFamily | 'ok' | 'internal', number>;

/**
 * Ended by a signal other than Ctrl-C: 128 + its number, as a shell reports a process the signal
 * killed. main.ts leaves with these after ending what the run started (a `cmd:` code command).
 */
export const SIGNAL_EXIT = { SIGHUP: 129, SIGTERM: 143 } as const;

/** What each exit code means, in `--help`; per-command lists pick their lines from here by number. */
const EXIT_CODE_MEANINGS: ReadonlyArray<readonly [code: number, meaning: string]> = [
  [EXIT.ok, 'success'],
  [EXIT.internal, 'unexpected internal error (please report it)'],
  [EXIT.usage, 'usage: bad flag or value, missing input with no TTY or --no-input'],
  [EXIT.config, 'configuration: unknown profile, invalid config, missing domain or client id'],
  [
    EXIT.network,
    `network or server: DNS, refused, proxy, TLS, timeout, any 5xx, a non-JSON,
empty or malformed body; no code or browser came in time (--otp-timeout,
--listen-timeout); retryable`,
  ],
  [EXIT.tenant, 'the tenant refused the request (OAuth/Auth0 error)'],
  [
    EXIT.code,
    `the code or link was wrong, expired, used, or out of attempts (invalid_grant);
a link for no pending login, a state mismatch, an unexpected redirect`,
  ],
  [EXIT.rate_limit, 'rate limited or blocked (too_many_requests / too_many_attempts)'],
  [
    EXIT.verification,
    `token verification failed (signature, issuer, audience, expiry, nonce, algorithm,
a discovery document naming another issuer)`,
  ],
  [EXIT.assertion, 'a smoke-test assertion failed (pwless smoke --expect-…)'],
  [EXIT.interrupted, 'interrupted (Ctrl-C)'],
];

/** Every exit code, for `pwless --help`. */
export const ALL_EXIT_CODES: readonly number[] = EXIT_CODE_MEANINGS.map(([code]) => code);

/** The "Exit codes:" section for these codes, in the table's order; an unknown code is a bug of the caller. */
export function exitCodeHelp(codes: readonly number[]): string {
  const unknown = codes.filter((code) => !ALL_EXIT_CODES.includes(code));
  if (unknown.length > 0) throw new Error(`exitCodeHelp: no meaning for exit code ${unknown.join(', ')}`);
  const lines = EXIT_CODE_MEANINGS.filter(([code]) => codes.includes(code)).map(
    ([code, meaning]) => `  ${String(code).padEnd(5)}${meaning.split('\n').join(`\n${' '.repeat(7)}`)}`,
  );
  return ['Exit codes:', ...lines].join('\n');
}

export function exitCodeFor(family: ErrorFamily): number {
  return EXIT[family];
}
