/**
 * Errors of the emulator. Handlers throw an {@link OAuthError}; only `respond.ts` turns it into a
 * response body (one serializer, as oidc-provider `lib/helpers/err_out.js`). Anything else a
 * handler throws is a bug and becomes a generic 500 `server_error` (see server.ts).
 *
 * The exact `error` / `error_description` pairs are those of docs/auth0-behaviour.md (B-START-ERR-*, B-TOKEN-ERR-*).
 */

export interface OAuthErrorInit {
  /** Sent as `error_uri` when set (Auth0 does for the "grant not allowed" error, B-TOKEN-ERR-5). */
  uri?: string;
  /** Extra response headers, e.g. `www-authenticate` on /userinfo (RFC 6750 §3). */
  headers?: Record<string, string>;
  /** Extra body members after the description, e.g. `mfa_token` of `mfa_required` (B-TOKEN-ERR-10). */
  extra?: Record<string, unknown>;
}

/** An error answer of the wire protocol: HTTP status, `error` code and its description. */
export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  readonly description: string;
  readonly uri: string | undefined;
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(status: number, error: string, description: string, init: OAuthErrorInit = {}) {
    super(`${error}: ${description}`);
    this.status = status;
    this.error = error;
    this.description = description;
    this.uri = init.uri;
    this.headers = init.headers ?? {};
    this.extra = init.extra ?? {};
  }

  /** The same error with more response headers (the rate-limit headers of its endpoint). */
  withHeaders(headers: Record<string, string>): OAuthError {
    const init: OAuthErrorInit = { headers: { ...headers, ...this.headers }, extra: this.extra };
    if (this.uri !== undefined) init.uri = this.uri;
    return new OAuthError(this.status, this.error, this.description, init);
  }

  override get name(): string {
    return 'OAuthError';
  }
}

/** 400 `invalid_request` (RFC 6749 §5.2), the answer to any malformed request we can name. */
export function invalidRequest(description: string): OAuthError {
  return new OAuthError(400, 'invalid_request', description);
}

/** 400 `bad.<field>`: the /passwordless/start validation family (docs/auth0-behaviour.md, B-START-ERR-*). */
export function badField(field: string, description: string): OAuthError {
  return new OAuthError(400, `bad.${field}`, description);
}

/** 403 `invalid_grant`: wrong, expired, used or exhausted code; unknown refresh token (B-TOKEN-ERR-1…B-TOKEN-ERR-4). */
export function invalidGrant(description: string): OAuthError {
  return new OAuthError(403, 'invalid_grant', description);
}

/** 401 `access_denied` "Unauthorized": Auth0's answer to failed client authentication (B-TOKEN-ERR-6). */
export function unauthorized(): OAuthError {
  return new OAuthError(401, 'access_denied', 'Unauthorized');
}

/**
 * A public client (native, spa) sent a secret: "native apps don't have a client secret" (B-APP-2
 * in docs/auth0-behaviour.md). Auth0's answer is unknown (B-APP-5); the emulator refuses it as a failed client authentication
 * (RFC 6749 §5.2 `invalid_client`: "unsupported authentication method"), on both endpoints.
 */
export function publicClientSecret(): OAuthError {
  return new OAuthError(401, 'invalid_client', 'Public clients (native, spa) must not send a client_secret.');
}

/**
 * "Disable Sign Ups" refused an unknown identity (docs/auth0-behaviour.md, B-START-10: "only existing users").
 * Auth0's status and text are unknown; the emulator answers 403 `access_denied`.
 */
export function signupDisabled(): OAuthError {
  return new OAuthError(403, 'access_denied', 'Sign ups are disabled for this connection: only existing users can log in.');
}

/**
 * The options given to `startEmulator` cannot work (bad value, unreadable key file, port in use).
 * The message names the option and says how to fix it, so the CLI can print it as is.
 */
export class EmulatorConfigError extends Error {
  /**
   * The option at fault, e.g. `port` or `keyFile`. `tenant` and `stateFile` are configuration
   * files: the CLI reports them as configuration errors (exit 3), the others as usage (exit 2).
   */
  readonly option: string;
  /** The file at fault, when the problem is in a file's content or access. */
  readonly file: string | undefined;

  constructor(option: string, message: string, options?: { cause?: unknown; file?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.option = option;
    this.file = options?.file;
  }

  /** Whether the problem is a configuration file's (the tenant file, the state file). */
  get isConfigFile(): boolean {
    return this.option === 'tenant' || this.option === 'stateFile';
  }

  override get name(): string {
    return 'EmulatorConfigError';
  }
}
