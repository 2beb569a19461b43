/**
 * Every `error.code` pwless assigns itself, and the failure family (hence the exit code) of each:
 * the JSON contract scripts switch on (docs/errors.md lists each with its meaning and fix, and
 * test/unit/docs-errors.test.ts keeps that table and this registry identical).
 *
 * In the style of oauth4webapi's and jose's exported code constants: one constant per code, its
 * value the snake_case string of the JSON. Throw sites may write the literal instead of the
 * constant: the `code` option of the error classes (src/core/errors.ts) is typed with the codes
 * of the class's own family, so a misspelt code, or one of another family, fails `tsc`.
 *
 * Not here: the codes a tenant answers with (`invalid_grant`, `bad.connection`, …). They reach
 * `error.code` verbatim from the `error` field of the response (RFC 6749 §5.2), through the
 * tenant-response errors only (src/core/response.ts); see `TenantErrorCode`.
 */

/** One per failure family (design.md §3 exit codes); src/cli/exit-codes.ts maps each to its number. */
export type ErrorFamily = 'usage' | 'config' | 'network' | 'tenant' | 'code' | 'rate_limit' | 'verification' | 'assertion' | 'interrupted';

/** The families a code can belong to: those of the error classes, and the internal error (exit 1), a bug. */
export type CodeFamily = ErrorFamily | 'internal';

/** An `error` a tenant answered with, passed through verbatim: any string, never one of ours. */
export type TenantErrorCode = string;

// usage (exit 2): the command line, or input that nothing may prompt for.
export const ERR_INVALID_USAGE = 'invalid_usage';
export const ERR_CONFLICTING_OPTIONS = 'conflicting_options';
export const ERR_INVALID_TIMEOUT = 'invalid_timeout';
export const ERR_INVALID_OTP_TIMEOUT = 'invalid_otp_timeout';
export const ERR_INVALID_OTP_LIFETIME = 'invalid_otp_lifetime';
export const ERR_INVALID_LEEWAY = 'invalid_leeway';
export const ERR_INVALID_MAX_AGE = 'invalid_max_age';
export const ERR_INVALID_EMAIL = 'invalid_email';
export const ERR_INVALID_PHONE = 'invalid_phone';
export const ERR_MISSING_IDENTITY = 'missing_identity';
export const ERR_INVALID_SEND = 'invalid_send';
export const ERR_INVALID_AUTH_PARAM = 'invalid_auth_param';
export const ERR_INVALID_FORWARDED_FOR = 'invalid_forwarded_for';
export const ERR_INVALID_DOMAIN = 'invalid_domain';
export const ERR_INSECURE_DOMAIN = 'insecure_domain';
export const ERR_INVALID_CA_FILE = 'invalid_ca_file';
export const ERR_INVALID_TRACE_FILE = 'invalid_trace_file';
export const ERR_INVALID_CLIENT_ID = 'invalid_client_id';
export const ERR_INVALID_PROFILE_NAME = 'invalid_profile_name';
export const ERR_INVALID_APP_TYPE = 'invalid_app_type';
export const ERR_INVALID_SECRET_REF = 'invalid_secret_ref';
export const ERR_INVALID_SECRET_FILE = 'invalid_secret_file';
export const ERR_EMPTY_SECRET = 'empty_secret';
export const ERR_SECRET_FOR_PUBLIC_CLIENT = 'secret_for_public_client';
export const ERR_PROFILE_EXISTS = 'profile_exists';
export const ERR_MISSING_PROFILE_SETTINGS = 'missing_profile_settings';
export const ERR_MISSING_AUTH0_ENV = 'missing_auth0_env';
export const ERR_CONFIRMATION_REQUIRED = 'confirmation_required';
export const ERR_STDIN_IS_TERMINAL = 'stdin_is_terminal';
export const ERR_MULTIPLE_STDIN_READERS = 'multiple_stdin_readers';
export const ERR_INVALID_OTP = 'invalid_otp';
export const ERR_INVALID_OTP_SOURCE = 'invalid_otp_source';
export const ERR_INVALID_OTP_REGEX = 'invalid_otp_regex';
export const ERR_INVALID_OTP_ENV = 'invalid_otp_env';
export const ERR_OTP_VARIABLE_UNSET = 'otp_variable_unset';
export const ERR_NO_CODE = 'no_code';
export const ERR_NO_LINK = 'no_link';
export const ERR_NO_CODE_SOURCE = 'no_code_source';
export const ERR_NOT_AN_EMULATOR = 'not_an_emulator';
export const ERR_INVALID_SMS_GATEWAY_OPTION = 'invalid_sms_gateway_option';
export const ERR_SMS_GATEWAY_PORT_IN_USE = 'sms_gateway_port_in_use';
export const ERR_NO_PENDING_LOGIN = 'no_pending_login';
export const ERR_LINK_EXPECTED = 'link_expected';
export const ERR_INVALID_LINK = 'invalid_link';
export const ERR_INVALID_LISTEN_PORT = 'invalid_listen_port';
export const ERR_LISTEN_PORT_IN_USE = 'listen_port_in_use';
export const ERR_INVALID_LISTEN_TIMEOUT = 'invalid_listen_timeout';
export const ERR_LISTEN_NEEDS_LINK = 'listen_needs_link';
export const ERR_LISTEN_NEEDS_CODE_RESPONSE = 'listen_needs_code_response';
export const ERR_INVALID_JWT = 'invalid_jwt';
export const ERR_ENCRYPTED_JWT = 'encrypted_jwt';
export const ERR_NO_JWT = 'no_jwt';
export const ERR_INVALID_JWKS = 'invalid_jwks';
export const ERR_INVALID_EMULATOR_OPTION = 'invalid_emulator_option';
export const ERR_EMULATOR_PORT_IN_USE = 'emulator_port_in_use';
// pwless smoke (docs/smoke.md).
export const ERR_INVALID_EXPECT_CLAIM = 'invalid_expect_claim';
export const ERR_INVALID_EXPECT_CLAIM_ABSENT = 'invalid_expect_claim_absent';
export const ERR_INVALID_EXPECT_SCOPE = 'invalid_expect_scope';
export const ERR_INVALID_EXPECT_TTL_MIN = 'invalid_expect_ttl_min';
export const ERR_INVALID_REPEAT = 'invalid_repeat';
export const ERR_INVALID_CONCURRENCY = 'invalid_concurrency';
export const ERR_BOUND_EXCEEDED = 'bound_exceeded';
export const ERR_INVALID_IDENTITY_TEMPLATE = 'invalid_identity_template';
export const ERR_INVALID_JUNIT_FILE = 'invalid_junit_file';
export const ERR_INVALID_GITHUB_OUTPUT = 'invalid_github_output';
export const ERR_MISSING_GITHUB_OUTPUT = 'missing_github_output';
export const ERR_INVALID_OUTPUT_FORMAT = 'invalid_output_format';
export const ERR_INVALID_EXPORT = 'invalid_export';
export const ERR_INVALID_EXPORT_FILE = 'invalid_export_file';

// config (exit 3): profiles, the config store, saved state.
export const ERR_UNKNOWN_PROFILE = 'unknown_profile';
export const ERR_MISSING_DOMAIN = 'missing_domain';
export const ERR_MISSING_CLIENT_ID = 'missing_client_id';
export const ERR_MISSING_SECRET = 'missing_secret';
export const ERR_MISSING_MAILOSAUR_API_KEY = 'missing_mailosaur_api_key';
export const ERR_OTP_SOURCE_UNAUTHORIZED = 'otp_source_unauthorized';
export const ERR_OTP_SOURCE_PASSWORD_UNREADABLE = 'otp_source_password_unreadable';
export const ERR_INVALID_CONFIG = 'invalid_config';
export const ERR_CONFIG_UNREADABLE = 'config_unreadable';
export const ERR_CONFIG_UNWRITABLE = 'config_unwritable';
export const ERR_CONFIG_LOCKED = 'config_locked';
export const ERR_INVALID_PENDING_LOGIN = 'invalid_pending_login';
export const ERR_NO_SAVED_TOKENS = 'no_saved_tokens';
export const ERR_INVALID_SAVED_TOKENS = 'invalid_saved_tokens';
export const ERR_NO_ACCESS_TOKEN = 'no_access_token';
export const ERR_NO_ID_TOKEN = 'no_id_token';
export const ERR_NO_REFRESH_TOKEN = 'no_refresh_token';
export const ERR_INVALID_EMULATOR_FILE = 'invalid_emulator_file';

// network (exit 4): the connection, the server, or an answer that is not what the protocol says.
export const ERR_TIMEOUT = 'timeout';
export const ERR_CONNECTION_REFUSED = 'connection_refused';
export const ERR_DNS = 'dns';
export const ERR_PROXY_ERROR = 'proxy_error';
export const ERR_TLS = 'tls';
export const ERR_TLS_SELF_SIGNED = 'tls_self_signed';
export const ERR_TLS_UNKNOWN_CA = 'tls_unknown_ca';
export const ERR_TLS_EXPIRED = 'tls_expired';
export const ERR_TLS_HOST_MISMATCH = 'tls_host_mismatch';
export const ERR_NETWORK_ERROR = 'network_error';
export const ERR_RESPONSE_TOO_LARGE = 'response_too_large';
export const ERR_SERVER_ERROR = 'server_error';
export const ERR_REDIRECTED = 'redirected';
export const ERR_INVALID_RESPONSE = 'invalid_response';
export const ERR_JWKS_UNAVAILABLE = 'jwks_unavailable';
export const ERR_MISSING_CODE = 'missing_code';
export const ERR_OTP_TIMEOUT = 'otp_timeout';
export const ERR_STDIN_TIMEOUT = 'stdin_timeout';
export const ERR_LISTEN_TIMEOUT = 'listen_timeout';

// code (exit 6): the link or code cannot finish the login.
export const ERR_LINK_REJECTED = 'link_rejected';
export const ERR_UNKNOWN_LINK = 'unknown_link';
export const ERR_NO_LIVE_PENDING_LOGIN = 'no_live_pending_login';
export const ERR_UNEXPECTED_REDIRECT = 'unexpected_redirect';
export const ERR_STATE_MISMATCH = 'state_mismatch';

// rate_limit (exit 7): a 429 whose body is no OAuth error (the tenant's own `too_many_*` pass through).
export const ERR_TOO_MANY_REQUESTS = 'too_many_requests';

// verification (exit 8): a discovery document naming another issuer, and the checks of a token.
export const ERR_ISSUER_MISMATCH = 'issuer_mismatch';
/** The checks of src/core/jwt.ts, in the order they run; a failed check's name is the code. */
export const VERIFICATION_CHECKS = ['signed', 'alg', 'kid', 'signature', 'iss', 'sub', 'aud', 'azp', 'exp', 'nbf', 'iat', 'auth_time', 'nonce'] as const;

// assertion (exit 9): a `pwless smoke` expectation did not hold.
export const ERR_ASSERTION_FAILED = 'assertion_failed';

// interrupted (exit 130), internal (exit 1).
export const ERR_INTERRUPTED = 'interrupted';
export const ERR_INTERNAL_ERROR = 'internal_error';

/** The codes of each family, in the order docs/errors.md lists them. */
export const CODES_BY_FAMILY = {
  usage: [
    ERR_INVALID_USAGE,
    ERR_CONFLICTING_OPTIONS,
    ERR_INVALID_TIMEOUT,
    ERR_INVALID_OTP_TIMEOUT,
    ERR_INVALID_OTP_LIFETIME,
    ERR_INVALID_LEEWAY,
    ERR_INVALID_MAX_AGE,
    ERR_INVALID_EMAIL,
    ERR_INVALID_PHONE,
    ERR_MISSING_IDENTITY,
    ERR_INVALID_SEND,
    ERR_INVALID_AUTH_PARAM,
    ERR_INVALID_FORWARDED_FOR,
    ERR_INVALID_DOMAIN,
    ERR_INSECURE_DOMAIN,
    ERR_INVALID_CA_FILE,
    ERR_INVALID_TRACE_FILE,
    ERR_INVALID_CLIENT_ID,
    ERR_INVALID_PROFILE_NAME,
    ERR_INVALID_APP_TYPE,
    ERR_INVALID_SECRET_REF,
    ERR_INVALID_SECRET_FILE,
    ERR_EMPTY_SECRET,
    ERR_SECRET_FOR_PUBLIC_CLIENT,
    ERR_PROFILE_EXISTS,
    ERR_MISSING_PROFILE_SETTINGS,
    ERR_MISSING_AUTH0_ENV,
    ERR_CONFIRMATION_REQUIRED,
    ERR_STDIN_IS_TERMINAL,
    ERR_MULTIPLE_STDIN_READERS,
    ERR_INVALID_OTP,
    ERR_INVALID_OTP_SOURCE,
    ERR_INVALID_OTP_REGEX,
    ERR_INVALID_OTP_ENV,
    ERR_OTP_VARIABLE_UNSET,
    ERR_NO_CODE,
    ERR_NO_LINK,
    ERR_NO_CODE_SOURCE,
    ERR_NOT_AN_EMULATOR,
    ERR_INVALID_SMS_GATEWAY_OPTION,
    ERR_SMS_GATEWAY_PORT_IN_USE,
    ERR_NO_PENDING_LOGIN,
    ERR_LINK_EXPECTED,
    ERR_INVALID_LINK,
    ERR_INVALID_LISTEN_PORT,
    ERR_LISTEN_PORT_IN_USE,
    ERR_INVALID_LISTEN_TIMEOUT,
    ERR_LISTEN_NEEDS_LINK,
    ERR_LISTEN_NEEDS_CODE_RESPONSE,
    ERR_INVALID_JWT,
    ERR_ENCRYPTED_JWT,
    ERR_NO_JWT,
    ERR_INVALID_JWKS,
    ERR_INVALID_EMULATOR_OPTION,
    ERR_EMULATOR_PORT_IN_USE,
    ERR_INVALID_EXPECT_CLAIM,
    ERR_INVALID_EXPECT_CLAIM_ABSENT,
    ERR_INVALID_EXPECT_SCOPE,
    ERR_INVALID_EXPECT_TTL_MIN,
    ERR_INVALID_REPEAT,
    ERR_INVALID_CONCURRENCY,
    ERR_BOUND_EXCEEDED,
    ERR_INVALID_IDENTITY_TEMPLATE,
    ERR_INVALID_JUNIT_FILE,
    ERR_INVALID_GITHUB_OUTPUT,
    ERR_MISSING_GITHUB_OUTPUT,
    ERR_INVALID_OUTPUT_FORMAT,
    ERR_INVALID_EXPORT,
    ERR_INVALID_EXPORT_FILE,
  ],
  config: [
    ERR_UNKNOWN_PROFILE,
    ERR_MISSING_DOMAIN,
    ERR_MISSING_CLIENT_ID,
    ERR_MISSING_SECRET,
    ERR_MISSING_MAILOSAUR_API_KEY,
    ERR_OTP_SOURCE_UNAUTHORIZED,
    ERR_OTP_SOURCE_PASSWORD_UNREADABLE,
    ERR_INVALID_CONFIG,
    ERR_CONFIG_UNREADABLE,
    ERR_CONFIG_UNWRITABLE,
    ERR_CONFIG_LOCKED,
    ERR_INVALID_PENDING_LOGIN,
    ERR_NO_SAVED_TOKENS,
    ERR_INVALID_SAVED_TOKENS,
    ERR_NO_ACCESS_TOKEN,
    ERR_NO_ID_TOKEN,
    ERR_NO_REFRESH_TOKEN,
    ERR_INVALID_EMULATOR_FILE,
  ],
  network: [
    ERR_TIMEOUT,
    ERR_CONNECTION_REFUSED,
    ERR_DNS,
    ERR_PROXY_ERROR,
    ERR_TLS,
    ERR_TLS_SELF_SIGNED,
    ERR_TLS_UNKNOWN_CA,
    ERR_TLS_EXPIRED,
    ERR_TLS_HOST_MISMATCH,
    ERR_NETWORK_ERROR,
    ERR_RESPONSE_TOO_LARGE,
    ERR_SERVER_ERROR,
    ERR_REDIRECTED,
    ERR_INVALID_RESPONSE,
    ERR_JWKS_UNAVAILABLE,
    ERR_MISSING_CODE,
    ERR_OTP_TIMEOUT,
    ERR_STDIN_TIMEOUT,
    ERR_LISTEN_TIMEOUT,
  ],
  // A tenant's refusal always carries the tenant's own `error`: pwless names none of its own.
  tenant: [],
  code: [ERR_LINK_REJECTED, ERR_UNKNOWN_LINK, ERR_NO_LIVE_PENDING_LOGIN, ERR_UNEXPECTED_REDIRECT, ERR_STATE_MISMATCH],
  rate_limit: [ERR_TOO_MANY_REQUESTS],
  verification: [ERR_ISSUER_MISMATCH, ...VERIFICATION_CHECKS],
  assertion: [ERR_ASSERTION_FAILED],
  interrupted: [ERR_INTERRUPTED],
  internal: [ERR_INTERNAL_ERROR],
} as const satisfies Record<CodeFamily, readonly string[]>;

/** The codes of one family: what that family's error class takes as its `code`. */
export type CodeOf<F extends CodeFamily> = (typeof CODES_BY_FAMILY)[F][number];

/** Every code pwless assigns itself. */
export type ErrorCode = CodeOf<CodeFamily>;

/** The name of a token check, which is also the `error.code` of its failure (exit 8). */
export type VerificationCheck = (typeof VERIFICATION_CHECKS)[number];

/** Each code with its family (a code listed under two families would be a bug: the docs test says so). */
export const ERROR_CODE_FAMILIES: ReadonlyMap<ErrorCode, CodeFamily> = new Map(
  (Object.entries(CODES_BY_FAMILY) as [CodeFamily, readonly ErrorCode[]][]).flatMap(([family, codes]) => codes.map((code) => [code, family] as const)),
);
