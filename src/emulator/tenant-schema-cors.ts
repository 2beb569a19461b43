/**
 * The tenant file's CORS fields (docs/emulator.md "CORS"): per client Auth0's Management API names
 * `allowed_origins`, `web_origins`, `cross_origin_authentication` and `cross_origin_loc`
 * (docs/auth0-behaviour.md, B-CORS-1, B-CO-1), and the tenant-wide `cors` settings for what Auth0
 * leaves unknown (B-CORS-4, B-CORS-5). Apart from tenant-schema.ts so that file stays one concept.
 */
import { boolean, object, onlyKeys, optional, SchemaError, uniqueStrings, type Json } from './schema.ts';
import type { CorsSettings, TenantClient } from './tenant.ts';

export const CORS_CLIENT_KEYS = ['allowed_origins', 'web_origins', 'cross_origin_authentication', 'cross_origin_loc'] as const;

const ORIGIN_EXAMPLE = 'e.g. https://app.example.com, https://*.example.com or http://127.0.0.1:3000';

/**
 * An origin pattern: scheme, host (a first label `*.` allowed) and port, nothing after it. Auth0:
 * "The URLs can contain wildcards for subdomains, but cannot contain relative paths after the
 * domain URL" (https://auth0.com/docs/get-started/applications/set-up-cors).
 */
function checkOriginPattern(path: string, pattern: string): void {
  let url: URL | undefined;
  try {
    url = new URL(pattern);
  } catch {
    // said below
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '') {
    throw new SchemaError(path, `must be an http or https origin, ${ORIGIN_EXAMPLE}`);
  }
  const extra = url.pathname !== '/' || url.search !== '' || pattern.includes('#') || url.username !== '' || url.password !== '';
  if (extra) throw new SchemaError(path, `must be an origin only (scheme, host, port), without a path, query or user info: ${ORIGIN_EXAMPLE}`);
}

function checkLoc(path: string, value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return text;
  } catch {
    // said below
  }
  throw new SchemaError(path, 'must be the absolute http(s) URL of the cross-origin verification page, e.g. https://app.example.com/cross-origin.html');
}

/** The CORS fields of one client, as present in the file. */
export function checkCorsClient(path: string, raw: Json): Partial<TenantClient> {
  const fields: Partial<TenantClient> = {};
  const allowed = optional(raw, 'allowed_origins', path, (p, v) => uniqueStrings(p, v, checkOriginPattern));
  const web = optional(raw, 'web_origins', path, (p, v) => uniqueStrings(p, v, checkOriginPattern));
  const crossOrigin = optional(raw, 'cross_origin_authentication', path, boolean);
  const loc = optional(raw, 'cross_origin_loc', path, checkLoc);
  if (allowed !== undefined) fields.allowed_origins = allowed;
  if (web !== undefined) fields.web_origins = web;
  if (crossOrigin !== undefined) fields.cross_origin_authentication = crossOrigin;
  if (loc !== undefined) fields.cross_origin_loc = loc;
  return fields;
}

/** The tenant-wide `cors` object; each setting false when absent. */
export function checkCorsSettings(path: string, value: unknown): CorsSettings {
  const raw = object(path, value);
  onlyKeys(path, raw, ['any_origin_for_keys', 'refuse_unlisted_origin_at_start']);
  return {
    any_origin_for_keys: optional(raw, 'any_origin_for_keys', path, boolean) ?? false,
    refuse_unlisted_origin_at_start: optional(raw, 'refuse_unlisted_origin_at_start', path, boolean) ?? false,
  };
}
