/**
 * The parameters of POST /oauth/token and the grant-handler signature. The known parameters must
 * be strings; unknown ones are ignored whatever their type ("The authorization server MUST ignore
 * unrecognized request parameters", RFC 6749 §3.1, §3.2).
 */
import type { EmulatorContext, HandlerRequest } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import type { Reply } from '../respond.ts';
import type { TenantClient } from '../tenant.ts';

/** Token parameters after type checks: strings, or undefined when absent. */
export type TokenParams = Record<string, string | undefined>;

export type GrantHandler = (params: TokenParams, client: TenantClient, emu: EmulatorContext, req: HandlerRequest) => Promise<Reply>;

/** Parameters the emulator reads now or will read for the grants it advertises. */
const KNOWN_PARAMS = [
  'grant_type',
  'client_id',
  'client_secret',
  'username',
  'realm',
  'otp',
  'scope',
  'audience',
  'refresh_token',
  'code',
  'redirect_uri',
  'code_verifier',
];

/**
 * Keeps the known parameters, which must be strings: a JSON number for `otp` is refused rather
 * than coerced, so a tester notices it. JSON `null` counts as absent, so a client that serializes
 * "no audience" as null is not refused (emulator choice).
 */
export function typedParams(raw: Record<string, unknown>): TokenParams {
  const params: TokenParams = Object.create(null);
  for (const name of KNOWN_PARAMS) {
    if (!Object.hasOwn(raw, name) || raw[name] === null) continue;
    const value = raw[name];
    if (typeof value !== 'string') throw invalidRequest(`Parameter '${name}' must be a string.`);
    params[name] = value;
  }
  return params;
}

/** A required parameter; empty counts as missing. The text follows the OpenAPI example (B-TOKEN-ERR-8). */
export function requiredParam(params: TokenParams, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw invalidRequest(`Missing required parameter: ${name}`);
  return value;
}
