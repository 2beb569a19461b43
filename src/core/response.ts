/**
 * Reading a tenant's answer: the JSON body of a success, or the typed error of a refusal
 * (oauth4webapi's getResponseJsonBody / checkOAuthBodyError split). The error family is decided
 * on the pair (HTTP status, `error`), never on `error_description` alone (reference §3, §7.1 item 6).
 */
import {
  CodeRejectedError,
  NetworkError,
  RateLimitedError,
  TenantRefusedError,
  type TenantErrorBody,
  type TenantResponseError,
} from './errors.ts';
import type { HttpResponse } from './http.ts';
import { hintFor, type HintFor } from './hints.ts';

/** Headers worth showing with any refusal (reference §4.2). */
const EXPLAINING_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after', 'www-authenticate'];

export function parseJsonObject(res: HttpResponse, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.text);
  } catch {
    const type = res.headers['content-type'] ?? 'no content-type';
    throw new NetworkError(`${what} answered HTTP ${res.status} with a body that is not JSON (${type}).`, {
      code: 'invalid_response',
      status: res.status,
      hint: 'Check that --domain points at an Auth0 tenant (or the emulator), not a web page or proxy.',
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new NetworkError(`${what} answered HTTP ${res.status} with JSON that is not an object.`, {
      code: 'invalid_response',
      status: res.status,
    });
  }
  return parsed as Record<string, unknown>;
}

/**
 * Throws the typed error for a non-2xx answer; returns nothing for a 2xx. `hint` lets an endpoint
 * give the fix that fits it (a refused refresh token is not fixed like a refused code).
 */
export function checkTenantError(res: HttpResponse, what: string, hint: HintFor = hintFor): void {
  if (res.status >= 200 && res.status < 300) return;
  const raw = safeParse(res.text);
  const body = toErrorBody(raw, res.status);
  const description = body.error_description ?? `${what} answered HTTP ${res.status}.`;
  const headers: Record<string, string> = {};
  for (const name of EXPLAINING_HEADERS) if (res.headers[name] !== undefined) headers[name] = res.headers[name];
  const details = { code: body.error, status: res.status, body, headers, hint: hint(body, res.status) };
  throw tenantError(description, details);
}

type TenantErrorDetails = ConstructorParameters<typeof TenantRefusedError>[1];

function tenantError(description: string, details: TenantErrorDetails): TenantResponseError {
  const { code, status } = details;
  if (status === 429 || code === 'too_many_requests' || code === 'too_many_attempts') {
    return new RateLimitedError(description, details);
  }
  if (code === 'invalid_grant') return new CodeRejectedError(description, details);
  return new TenantRefusedError(description, details);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** OAuth bodies are `{error, error_description}`; older Auth0 endpoints answer `{code, description}`. */
function toErrorBody(raw: unknown, status: number): TenantErrorBody {
  const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const error = str(obj.error) ?? str(obj.code) ?? (status === 429 ? 'too_many_requests' : `http_${status}`);
  const description = str(obj.error_description) ?? str(obj.description) ?? str(obj.message);
  return { ...obj, error, error_description: description, error_uri: str(obj.error_uri) };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
