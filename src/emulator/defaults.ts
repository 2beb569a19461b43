/**
 * The emulator's defaults, in a module with no imports: startEmulator applies them, and the
 * `pwless emulator` flags show them in --help without loading the emulator.
 */
export const DEFAULT_PORT = 4010;
export const DEFAULT_OTP_LENGTH = 6;
export const DEFAULT_OTP_TTL_SECONDS = 300;
/** Auth0's limits (reference §4.2) and brute-force threshold (§4.3). */
export const DEFAULT_LIMITS = { startPerHour: 50, tokenPerSecond: 30, bruteForceThreshold: 10 } as const;
