/**
 * Reading a tenant's answer: the JSON body of a success, or the typed error of a refusal
 * (oauth4webapi's getResponseJsonBody / checkOAuthBodyError split). The family is decided once
 * here, on the status and the `error` code (design.md §3 exit codes):
 * - any 5xx, and any answer whose body is not an OAuth error, is a NetworkError (exit 4,
 *   retryable) that carries the status and the first line of the body;
 * - 429 is rate limiting whatever its body says (a proxy's HTML 429 is still a limit);
 * - otherwise the OAuth `error` picks the family, and `invalid_grant` gets its refusal reason.
 */
import { refusalReason } from './code-refusal.ts';
import {
  CodeRejectedError,
  NetworkError,
  RateLimitedError,
  TenantRefusedError,
  type TenantErrorBody,
  type TenantResponseDetails,
  type TenantResponseError,
} from './errors.ts';
import type { HttpResponse } from './http.ts';
import { hintFor, type HintFor } from './hints.ts';
import { readJson } from './json-limits.ts';
import { firstLineOf } from './response-text.ts';

/** Headers worth showing with any refusal: rate limits (Auth0 docs "Rate Limit Policy"), RFC 6750 §3. */
const EXPLAINING_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'www-authenticate'];

const NOT_AN_AUTH_SERVER_HINT = 'Check that --domain points at an Auth0 tenant (or the emulator), not a web page or proxy; retry if it was a passing outage.';

export function parseJsonObject(res: HttpResponse, what: string): Record<string, unknown> {
  const read = readJson(res.text);
  if (!read.ok) throw unreadableAnswer(res, what, read.tooDeep ? read.problem : 'a body that is not JSON');
  const parsed = read.value;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw unreadableAnswer(res, what, 'JSON that is not an object');
  return parsed as Record<string, unknown>;
}

/** The answer's body is not what the protocol says: exit 4, with the status and the start of the body. */
export function unreadableAnswer(res: HttpResponse, what: string, problem: string): NetworkError {
  const type = res.headers['content-type'] ?? 'no content-type';
  const line = firstLineOf(res.text, res.headers['content-type']);
  return new NetworkError(
    `${what} answered HTTP ${res.status} with ${res.text.trim() === '' ? 'an empty body' : problem} (${type})${line ? `: ${line}` : '.'}`,
    {
      code: 'invalid_response',
      status: res.status,
      hint: NOT_AN_AUTH_SERVER_HINT,
    },
  );
}

/**
 * Throws the typed error for a non-2xx answer; returns nothing for a 2xx. `hint` lets an endpoint
 * give the fix that fits it (a refused refresh token is not fixed like a refused code).
 */
export function checkTenantError(res: HttpResponse, what: string, hint: HintFor = hintFor): void {
  if (res.status >= 200 && res.status < 300) return;
  const headers: Record<string, string> = {};
  for (const name of EXPLAINING_HEADERS) if (res.headers[name] !== undefined) headers[name] = res.headers[name];
  const body = oauthErrorOf(safeParse(res.text), res.headers['www-authenticate']);
  if (res.status >= 500) throw serverError(res, what, body);
  if (res.status >= 300 && res.status < 400) throw redirected(res, what);
  if (body === undefined) {
    if (res.status === 429) {
      const tooMany: TenantErrorBody = { error: 'too_many_requests', error_description: firstLineOf(res.text, res.headers['content-type']) || undefined };
      throw new RateLimitedError(`${what} answered HTTP 429 (too many requests).`, {
        code: 'too_many_requests',
        status: 429,
        body: tooMany,
        headers,
        hint: hint(tooMany, 429),
      });
    }
    throw unreadableAnswer(res, what, 'a body that is not an OAuth error');
  }
  const description = body.error_description ?? `${what} answered HTTP ${res.status} ${body.error}.`;
  throw tenantError(description, { status: res.status, body, headers, hint: hint(body, res.status) });
}

function serverError(res: HttpResponse, what: string, body: TenantErrorBody | undefined): NetworkError {
  const said = body ? `${body.error}${body.error_description ? `: ${body.error_description}` : ''}` : firstLineOf(res.text, res.headers['content-type']);
  return new NetworkError(`${what} answered HTTP ${res.status}${said ? `: ${said}` : ' with no body'}.`, {
    code: 'server_error',
    status: res.status,
    hint: 'The server failed, not the request: retry later (pwless never resends /passwordless/start by itself), and check https://status.auth0.com for a tenant on Auth0.',
  });
}

/** API calls never follow redirects (a code or secret must not travel on): a redirect is an answer pwless cannot use. */
function redirected(res: HttpResponse, what: string): NetworkError {
  let where = '';
  try {
    // Origin and path only: a query could hold anything.
    if (res.headers.location) {
      const target = new URL(res.headers.location, 'http://invalid');
      where = ` to ${target.origin}${target.pathname}`;
    }
  } catch {
    where = '';
  }
  return new NetworkError(`${what} answered HTTP ${res.status}, a redirect${where}, which pwless does not follow for API calls.`, {
    code: 'redirected',
    status: res.status,
    hint: 'Check --domain: give the tenant domain itself (the one the redirect points to, if you trust it), not a page in front of it.',
  });
}

/** The family of a refusal, from its status and the tenant's `error` (which stays its `code`, verbatim). */
function tenantError(description: string, details: TenantResponseDetails<never>): TenantResponseError {
  const { status } = details;
  const code = details.body.error;
  if (status === 429 || code === 'too_many_requests' || code === 'too_many_attempts') return new RateLimitedError(description, details);
  if (code === 'invalid_grant') return new CodeRejectedError(description, { ...details, reason: refusalReason(details.body) });
  return new TenantRefusedError(description, details);
}

/** The body's JSON, undefined when it is not JSON or nests deeper than pwless reads (src/core/json-limits.ts). */
function safeParse(text: string): unknown {
  const read = readJson(text);
  return read.ok ? read.value : undefined;
}

/**
 * The OAuth error of a body: `{error, error_description}` (RFC 6749 §5.2), or `{code, description}`
 * of older Auth0 endpoints; else the `error` of a `WWW-Authenticate: Bearer` header (RFC 6750 §3).
 * Undefined when there is none: the answer is then not an OAuth refusal at all.
 */
function oauthErrorOf(raw: unknown, wwwAuthenticate: string | undefined): TenantErrorBody | undefined {
  const obj = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  const error = str(obj?.error) || str(obj?.code);
  if (obj !== undefined && error !== undefined && error !== '') {
    return { ...obj, error, error_description: str(obj.error_description) ?? str(obj.description) ?? str(obj.message), error_uri: str(obj.error_uri) };
  }
  const bearer = wwwAuthenticate === undefined ? undefined : /\berror="([^"]*)"/.exec(wwwAuthenticate)?.[1];
  if (bearer) return { error: bearer, error_description: /\berror_description="([^"]*)"/.exec(wwwAuthenticate ?? '')?.[1] };
  return undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
