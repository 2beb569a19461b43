/**
 * Values that a command's flags (for --help and commander's checks) and its implementation both
 * need: defaults and allowed choices. Kept apart so that neither imports the other, and --help
 * loads no implementation (the listener would bring node:http).
 */

/** `--timeout`, in seconds: the deadline of each HTTP request. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** --curl's help, for start, verify and the token subcommands. */
export const CURL_HELP = 'after the run, print its requests as curl commands on stderr (secrets as shell variables: "$OTP", "$PWLESS_CLIENT_SECRET", …)';

/** --otp-env's help, for start, verify and smoke (what the command gets without it: src/otp/command-env.ts). */
export const OTP_ENV_HELP =
  'pass this variable to the --otp-from cmd: command (repeatable); it gets only PATH, HOME, the locale, TMPDIR and PWLESS_OTP_* otherwise, never the client secret';

/** A repeatable flag's values, in the order given (commander's custom option processing). */
export const collectRepeated = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `start --listen-timeout`, in seconds. */
export const DEFAULT_LISTEN_TIMEOUT_SECONDS = 300;

/** The tokens `token --raw <name>` can print: commander refuses any other name (exit 2). */
export const RAW_TOKEN_NAMES = ['access_token', 'id_token', 'refresh_token'] as const;
export type RawTokenName = (typeof RAW_TOKEN_NAMES)[number];

/** `pwless sms-gateway --port`: next to the emulator's 4010. */
export const DEFAULT_SMS_GATEWAY_PORT = 4011;

/** `pwless sms-gateway --max-messages`: the messages it keeps, the oldest dropped first. */
export const DEFAULT_SMS_GATEWAY_MAX_MESSAGES = 1000;
