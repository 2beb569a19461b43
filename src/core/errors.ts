/**
 * The typed errors of pwless, one class per failure family (design.md §3 exit codes). The CLI maps
 * each class to its exit code in one place (src/cli/exit-codes.ts); the renderer reads `code`,
 * `status`, `description` and `hint`. Foreign errors (undici, jose, inquirer) are translated into
 * these once, at the edge of the layer that called them.
 */

export interface ErrorDetails {
  /** Machine-readable code, e.g. `invalid_grant` (tenant) or `invalid_domain` (ours). */
  code: string;
  /** HTTP status when the error is a tenant response, otherwise undefined. */
  status?: number | undefined;
  /** What to do about it, in one sentence. */
  hint?: string | undefined;
  cause?: unknown;
}

export abstract class PwlessError extends Error {
  abstract readonly family: ErrorFamily;
  readonly code: string;
  readonly status: number | undefined;
  readonly hint: string | undefined;

  constructor(description: string, details: ErrorDetails) {
    super(description, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.status = details.status;
    this.hint = details.hint;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

export type ErrorFamily = 'usage' | 'config' | 'network' | 'tenant' | 'code' | 'rate_limit' | 'verification' | 'assertion' | 'interrupted';

/** Bad flag or value, or input that is missing where nothing may prompt for it. */
export class UsageError extends PwlessError {
  readonly family = 'usage';
}

/** Unknown profile, unreadable or invalid configuration, missing domain or client id. */
export class ConfigError extends PwlessError {
  readonly family = 'config';
}

/** DNS, refused connection, TLS, timeout, or a response that is not what the protocol says. */
export class NetworkError extends PwlessError {
  readonly family = 'network';
}

/** Fields of an OAuth / Auth0 error response, kept verbatim. */
export interface TenantErrorBody {
  error: string;
  error_description?: string | undefined;
  error_uri?: string | undefined;
  [extra: string]: unknown;
}

/** Base of the three families that are a tenant's answer: they carry the response verbatim. */
export abstract class TenantResponseError extends PwlessError {
  readonly body: TenantErrorBody;
  /** The response headers that explain the refusal (x-ratelimit-*, retry-after, www-authenticate). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(description: string, details: ErrorDetails & { status: number; body: TenantErrorBody; headers?: Record<string, string> }) {
    super(description, details);
    this.body = details.body;
    this.headers = details.headers ?? {};
  }
}

/** The tenant refused the request (any OAuth/Auth0 error not covered below). */
export class TenantRefusedError extends TenantResponseError {
  readonly family = 'tenant';
}

/**
 * Why a code or link was refused, decided once in src/core/code-refusal.ts from the error code and
 * the known descriptions: the CLI's retries and the JSON `reason` read this, never the wording.
 */
export type RefusalReason = 'wrong' | 'exhausted' | 'expired' | 'used' | 'superseded' | 'tampered' | 'callback_mismatch';

/** The code or link was wrong, expired, used, or out of attempts. */
export class CodeRejectedError extends TenantResponseError {
  readonly family = 'code';
  /** Undefined when the answer matches no known refusal (a tenant that words it otherwise). */
  readonly reason: RefusalReason | undefined;
  /** How many more tries this code has, where pwless can know it (it counts the tries it made). */
  attemptsLeft: number | undefined;

  constructor(description: string, details: ConstructorParameters<typeof TenantResponseError>[1] & { reason?: RefusalReason | undefined }) {
    super(description, details);
    this.reason = details.reason;
  }
}

/**
 * A login that pwless itself refuses to finish, with no tenant involved: a link for no pending
 * login, a callback with the wrong state or at the wrong place. Same exit code as a refused code
 * (the login cannot go on with this link), but never shown as a tenant's answer.
 */
export class LocalRefusalError extends PwlessError {
  readonly family = 'code';
  readonly reason: RefusalReason | undefined;

  constructor(description: string, details: ErrorDetails & { reason?: RefusalReason | undefined }) {
    super(description, details);
    this.reason = details.reason;
  }
}

/** Rate limited (`too_many_requests`) or blocked by attack protection (`too_many_attempts`). */
export class RateLimitedError extends TenantResponseError {
  readonly family = 'rate_limit';
}

/** A token failed a verification check; `code` names the check (signature, iss, aud, exp, …). */
export class VerificationError extends PwlessError {
  readonly family = 'verification';
}

/** What one `pwless smoke` expectation asked for and what the tokens held. */
export interface FailedAssertion {
  name: string;
  expected: string;
  found: string;
}

/** A `pwless smoke` expectation (--expect-claim, --expect-scope, …) did not hold; `failed` lists every one that did not. */
export class AssertionFailedError extends PwlessError {
  readonly family = 'assertion';
  readonly failed: readonly FailedAssertion[];

  constructor(description: string, details: ErrorDetails & { failed: readonly FailedAssertion[] }) {
    super(description, details);
    this.failed = details.failed;
  }
}

/** Ctrl-C at a prompt or during a request. */
export class InterruptedError extends PwlessError {
  readonly family = 'interrupted';
}
