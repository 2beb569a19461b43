/**
 * The typed errors of pwless, one class per failure family (design.md §3 exit codes). The CLI maps
 * each class to its exit code in one place (src/cli/exit-codes.ts); the renderer reads `code`,
 * `status`, `description` and `hint`. Foreign errors (undici, jose, inquirer) are translated into
 * these once, at the edge of the layer that called them.
 *
 * `code` is checked: each class takes only the codes of its own family (src/core/error-codes.ts,
 * listed in docs/errors.md). The tenant-response classes alone carry a code pwless did not choose:
 * the tenant's `error`, verbatim, read from the body they are given.
 */
import type { CodeOf, ErrorCode, ErrorFamily, TenantErrorCode } from './error-codes.ts';

export interface ErrorDetails<Code extends string = ErrorCode> {
  /** Machine-readable code, e.g. `invalid_domain` (src/core/error-codes.ts). */
  code: Code;
  /** HTTP status when the error is a tenant response, otherwise undefined. */
  status?: number | undefined;
  /** What to do about it, in one sentence. */
  hint?: string | undefined;
  cause?: unknown;
}

/** `Code`: what `code` can be; any code of ours or a tenant's for the base type, one family's for a subclass. */
export abstract class PwlessError<Code extends string = ErrorCode | TenantErrorCode> extends Error {
  abstract readonly family: ErrorFamily;
  readonly code: Code;
  readonly status: number | undefined;
  readonly hint: string | undefined;

  constructor(description: string, details: ErrorDetails<Code>) {
    super(description, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.status = details.status;
    this.hint = details.hint;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

/** Bad flag or value, or input that is missing where nothing may prompt for it. */
export class UsageError extends PwlessError<CodeOf<'usage'>> {
  readonly family = 'usage';
}

/** Unknown profile, unreadable or invalid configuration, missing domain or client id. */
export class ConfigError extends PwlessError<CodeOf<'config'>> {
  readonly family = 'config';
}

/** DNS, refused connection, TLS, timeout, or a response that is not what the protocol says. */
export class NetworkError extends PwlessError<CodeOf<'network'>> {
  readonly family = 'network';
}

/** Fields of an OAuth / Auth0 error response, kept verbatim. */
export interface TenantErrorBody {
  error: string;
  error_description?: string | undefined;
  error_uri?: string | undefined;
  [extra: string]: unknown;
}

/**
 * What a tenant-response error is made from. `code` is the tenant's `body.error`, passed through
 * verbatim, unless pwless names the refusal itself (a 429 with no OAuth body is `too_many_requests`).
 */
export interface TenantResponseDetails<Own extends ErrorCode> extends Omit<ErrorDetails<Own>, 'code'> {
  code?: Own | undefined;
  status: number;
  body: TenantErrorBody;
  headers?: Record<string, string> | undefined;
}

/** Base of the three families that are a tenant's answer: they carry the response verbatim. */
export abstract class TenantResponseError<Own extends ErrorCode = ErrorCode> extends PwlessError<Own | TenantErrorCode> {
  readonly body: TenantErrorBody;
  /** The response headers that explain the refusal (x-ratelimit-*, retry-after, www-authenticate). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(description: string, details: TenantResponseDetails<Own>) {
    super(description, { ...details, code: details.code ?? details.body.error });
    this.body = details.body;
    this.headers = details.headers ?? {};
  }
}

/** The tenant refused the request (any OAuth/Auth0 error not covered below). */
export class TenantRefusedError extends TenantResponseError<CodeOf<'tenant'>> {
  readonly family = 'tenant';
}

/**
 * Why a code or link was refused, decided once in src/core/code-refusal.ts from the error code and
 * the known descriptions: the CLI's retries and the JSON `reason` read this, never the wording.
 */
export type RefusalReason = 'wrong' | 'exhausted' | 'expired' | 'used' | 'superseded' | 'tampered' | 'callback_mismatch';

/** The code or link was wrong, expired, used, or out of attempts. */
export class CodeRejectedError extends TenantResponseError<CodeOf<'code'>> {
  readonly family = 'code';
  /** Undefined when the answer matches no known refusal (a tenant that words it otherwise). */
  readonly reason: RefusalReason | undefined;
  /** How many more tries this code has, where pwless can know it (it counts the tries it made). */
  attemptsLeft: number | undefined;

  constructor(description: string, details: TenantResponseDetails<CodeOf<'code'>> & { reason?: RefusalReason | undefined }) {
    super(description, details);
    this.reason = details.reason;
  }
}

/**
 * A login that pwless itself refuses to finish, with no tenant involved: a link for no pending
 * login, a callback with the wrong state or at the wrong place. Same exit code as a refused code
 * (the login cannot go on with this link), but never shown as a tenant's answer.
 */
export class LocalRefusalError extends PwlessError<CodeOf<'code'>> {
  readonly family = 'code';
  readonly reason: RefusalReason | undefined;

  constructor(description: string, details: ErrorDetails<CodeOf<'code'>> & { reason?: RefusalReason | undefined }) {
    super(description, details);
    this.reason = details.reason;
  }
}

/** Rate limited (`too_many_requests`) or blocked by attack protection (`too_many_attempts`). */
export class RateLimitedError extends TenantResponseError<CodeOf<'rate_limit'>> {
  readonly family = 'rate_limit';
}

/** A token failed a verification check; `code` names the check (signature, iss, aud, exp, …). */
export class VerificationError extends PwlessError<CodeOf<'verification'>> {
  readonly family = 'verification';
}

/** What one `pwless smoke` expectation asked for and what the tokens held. */
export interface FailedAssertion {
  name: string;
  expected: string;
  found: string;
}

/** A `pwless smoke` expectation (--expect-claim, --expect-scope, …) did not hold; `failed` lists every one that did not. */
export class AssertionFailedError extends PwlessError<CodeOf<'assertion'>> {
  readonly family = 'assertion';
  readonly failed: readonly FailedAssertion[];

  constructor(description: string, details: ErrorDetails<CodeOf<'assertion'>> & { failed: readonly FailedAssertion[] }) {
    super(description, details);
    this.failed = details.failed;
  }
}

/** Ctrl-C at a prompt or during a request. */
export class InterruptedError extends PwlessError<CodeOf<'interrupted'>> {
  readonly family = 'interrupted';
}
