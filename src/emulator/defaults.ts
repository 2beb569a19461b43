/**
 * The emulator's defaults, in a module with no imports: startEmulator applies them, and the
 * `pwless emulator` flags show them in --help without loading the emulator.
 */
export const DEFAULT_PORT = 4010;
export const DEFAULT_OTP_LENGTH = 6;
export const DEFAULT_OTP_TTL_SECONDS = 300;
/**
 * The longest code lifetime, one year (365 days): an expiry is the emulator clock plus this, and it
 * must stay a JavaScript Date even at the clock's last millisecond (docs/emulator.md "Clock"), or
 * every outbox answer would throw. Auth0 documents no upper bound (docs/auth0-behaviour.md, B-OTP-3).
 */
export const MAX_OTP_TTL_SECONDS = 365 * 24 * 3600;
/** Auth0's limits (docs/auth0-behaviour.md, B-RATE-1, B-RATE-2) and brute-force threshold (B-ATTACK-1). */
export const DEFAULT_LIMITS = { startPerHour: 50, tokenPerSecond: 30, bruteForceThreshold: 10 } as const;
/** The outbox's bounds (docs/emulator.md E-OUTBOX-5): messages kept per recipient and in all, the oldest dropped first. */
export const DEFAULT_OUTBOX_CAPS = { perRecipient: 100, total: 10_000 } as const;
/**
 * Slow-loris guards (docs/emulator.md "Timeouts"): the whole header block must arrive within 10 s,
 * the whole request (headers and body) within 30 s. They bound receiving the request only, so the
 * long-poll GET /__emulator/outbox/wait (answered up to 120 s later) is not cut short.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Real delivery (docs/emulator.md "Real delivery"): Auth0 gives a custom SMS gateway 30 s (B-GATEWAY-4); SMTP gets 10 s. */
export const DEFAULT_GATEWAY_TIMEOUT_SECONDS = 30;
export const DEFAULT_SMTP_TIMEOUT_SECONDS = 10;
/** What /passwordless/start answers when the SMTP server refuses an email (B-MSG-4): 200 and a report, or 500. */
export const SMTP_FAILURE_MODES = ['report', 'fail'] as const;
