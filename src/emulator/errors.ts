/**
 * Errors of the emulator. Handlers throw an {@link OAuthError}; only `respond.ts` turns it into a
 * response body (one serializer, as oidc-provider `lib/helpers/err_out.js`). Anything else a
 * handler throws is a bug and becomes a generic 500 `server_error` (see server.ts).
 *
 * The exact `error` / `error_description` pairs come from reference/auth0-passwordless.md §3.
 */

export interface OAuthErrorInit {
  /** Sent as `error_uri` when set (Auth0 does for the "grant not allowed" error, §3.2). */
  uri?: string;
  /** Extra response headers, e.g. `www-authenticate` on /userinfo (RFC 6750 §3). */
  headers?: Record<string, string>;
}

/** An error answer of the wire protocol: HTTP status, `error` code and its description. */
export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  readonly description: string;
  readonly uri: string | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, error: string, description: string, init: OAuthErrorInit = {}) {
    super(`${error}: ${description}`);
    this.status = status;
    this.error = error;
    this.description = description;
    this.uri = init.uri;
    this.headers = init.headers ?? {};
  }

  override get name(): string {
    return 'OAuthError';
  }
}

/** 400 `invalid_request` (RFC 6749 §5.2), the answer to any malformed request we can name. */
export function invalidRequest(description: string): OAuthError {
  return new OAuthError(400, 'invalid_request', description);
}

/** 400 `bad.<field>`: the /passwordless/start validation family (reference §3.1). */
export function badField(field: string, description: string): OAuthError {
  return new OAuthError(400, `bad.${field}`, description);
}

/** 403 `invalid_grant`: wrong, expired, used or exhausted code; unknown refresh token (§3.2). */
export function invalidGrant(description: string): OAuthError {
  return new OAuthError(403, 'invalid_grant', description);
}

/** 401 `access_denied` "Unauthorized": Auth0's answer to failed client authentication (§3.2, §5). */
export function unauthorized(): OAuthError {
  return new OAuthError(401, 'access_denied', 'Unauthorized');
}

/**
 * The options given to `startEmulator` cannot work (bad value, unreadable key file, port in use).
 * The message names the option and says how to fix it, so the CLI can print it as is.
 */
export class EmulatorConfigError extends Error {
  /** The option at fault, e.g. `port` or `keyFile`. */
  readonly option: string;

  constructor(option: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.option = option;
  }

  override get name(): string {
    return 'EmulatorConfigError';
  }
}
