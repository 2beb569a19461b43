/**
 * The schema of the tenant file (docs/emulator.md "Tenant file"). Checks types, enums, references
 * between clients and connections, and the application-type rules of docs/auth0-behaviour.md (B-APP-*, B-FWD-2), so a
 * tenant that Auth0 would refuse to configure is refused here with the JSON path of the problem.
 */
import {
  array,
  at,
  boolean,
  integer,
  nonEmptyString,
  object,
  oneOf,
  onlyKeys,
  optional,
  required,
  SchemaError,
  string,
  uniqueStrings,
  type Json,
} from './schema.ts';
import {
  APP_TYPES,
  PASSWORDLESS_OTP_GRANT,
  isConfidential,
  type GeolocSettings,
  type LoginPageSettings,
  type Tenant,
  type TenantClient,
  type TenantConnection,
  type TenantUser,
  type TestCode,
} from './tenant.ts';
import { MAX_OTP_TTL_SECONDS } from './defaults.ts';
import { checkDeliveryFields, EMAIL_DELIVERY_KEYS, SMS_DELIVERY_KEYS } from './tenant-delivery-schema.ts';
import { EMAIL_PATTERN, PHONE_PATTERN } from './users.ts';
import { CORS_CLIENT_KEYS, checkCorsClient, checkCorsSettings } from './tenant-schema-cors.ts';
import { checkScenarios } from './tenant-schema-scenarios.ts';

/** Auth0's grant type names (Management API `grant_types`); others are typos. */
const KNOWN_GRANTS = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'client_credentials',
  'password',
  'http://auth0.com/oauth/grant-type/password-realm',
  PASSWORDLESS_OTP_GRANT,
  'http://auth0.com/oauth/grant-type/mfa-oob',
  'http://auth0.com/oauth/grant-type/mfa-otp',
  'http://auth0.com/oauth/grant-type/mfa-recovery-code',
  'urn:ietf:params:oauth:grant-type:device_code',
];

/** Claims a user's `claims` may not set: the token's own (RFC 7519 §4.1, OIDC Core §2). */
const RESERVED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'nonce', 'auth_time', 'at_hash', 'c_hash'];

/** An Allowed Callback URL pattern (callbacks.ts): an absolute URL, `*` allowed, no fragment. */
function checkCallbackPattern(path: string, pattern: string): void {
  let url: URL | undefined;
  try {
    url = new URL(pattern);
  } catch {
    // said below
  }
  if (url === undefined || url.host === '' || pattern.includes('#')) {
    throw new SchemaError(path, 'must be an absolute URL without a fragment, e.g. http://127.0.0.1/* or https://app.example.com/callback');
  }
}

function checkClient(path: string, value: unknown): TenantClient {
  const raw = object(path, value);
  onlyKeys(path, raw, [
    'client_id',
    'name',
    'app_type',
    'client_secret',
    'grant_types',
    'callbacks',
    'is_token_endpoint_ip_header_trusted',
    'allowed_logout_urls',
    ...CORS_CLIENT_KEYS,
  ]);
  const clientId = required(raw, 'client_id', path, nonEmptyString);
  const appType = required(raw, 'app_type', path, (p, v) => oneOf(p, v, APP_TYPES));
  const client: TenantClient = {
    client_id: clientId,
    name: optional(raw, 'name', path, string) ?? clientId,
    app_type: appType,
    grant_types: required(raw, 'grant_types', path, (p, v) =>
      uniqueStrings(p, v, (itemPath, grant) => {
        if (!KNOWN_GRANTS.includes(grant)) throw new SchemaError(itemPath, `unknown grant type (known: ${KNOWN_GRANTS.join(', ')})`);
        if (grant === PASSWORDLESS_OTP_GRANT && appType === 'spa') {
          throw new SchemaError(itemPath, 'the passwordless OTP grant cannot be enabled for a spa client (Auth0 refuses it)');
        }
      }),
    ),
    callbacks: optional(raw, 'callbacks', path, (p, v) => uniqueStrings(p, v, checkCallbackPattern)) ?? [],
  };
  const secret = optional(raw, 'client_secret', path, nonEmptyString);
  if (isConfidential(client) && secret === undefined) {
    throw new SchemaError(at(path, 'client_secret'), `is required for a ${appType} client (a confidential application)`);
  }
  if (!isConfidential(client) && secret !== undefined) {
    throw new SchemaError(at(path, 'client_secret'), `must be absent: a ${appType} client is public and has no secret`);
  }
  if (secret !== undefined) client.client_secret = secret;
  const trusted = optional(raw, 'is_token_endpoint_ip_header_trusted', path, boolean);
  if (trusted === true && !isConfidential(client)) {
    throw new SchemaError(at(path, 'is_token_endpoint_ip_header_trusted'), 'only confidential clients (regular_web, non_interactive) can trust the IP header');
  }
  if (trusted !== undefined) client.is_token_endpoint_ip_header_trusted = trusted;
  Object.assign(client, checkCorsClient(path, raw));
  const logoutUrls = optional(raw, 'allowed_logout_urls', path, (p, v) => uniqueStrings(p, v, checkCallbackPattern));
  if (logoutUrls !== undefined) client.allowed_logout_urls = logoutUrls;
  return client;
}

function checkConnection(path: string, value: unknown, clientIds: string[]): TenantConnection {
  const raw = object(path, value);
  onlyKeys(path, raw, ['name', 'strategy', 'enabled_clients', 'otp_length', 'otp_ttl_seconds', 'disable_signup', ...EMAIL_DELIVERY_KEYS, ...SMS_DELIVERY_KEYS]);
  const connection: TenantConnection = {
    name: required(raw, 'name', path, nonEmptyString),
    strategy: required(raw, 'strategy', path, (p, v) => oneOf(p, v, ['email', 'sms'] as const)),
    enabled_clients: required(raw, 'enabled_clients', path, (p, v) =>
      uniqueStrings(p, v, (itemPath, id) => {
        if (!clientIds.includes(id)) throw new SchemaError(itemPath, `no client "${id}" in clients`);
      }),
    ),
  };
  const length = optional(raw, 'otp_length', path, (p, v) => integer(p, v, 4, 10));
  const ttl = optional(raw, 'otp_ttl_seconds', path, (p, v) => integer(p, v, 1, MAX_OTP_TTL_SECONDS));
  const disableSignup = optional(raw, 'disable_signup', path, boolean);
  if (length !== undefined) connection.otp_length = length;
  if (ttl !== undefined) connection.otp_ttl_seconds = ttl;
  if (disableSignup !== undefined) connection.disable_signup = disableSignup;
  return { ...connection, ...checkDeliveryFields(path, raw, connection.strategy) };
}

function checkClaims(path: string, value: unknown): Record<string, unknown> {
  const claims = object(path, value);
  for (const name of Object.keys(claims)) {
    if (RESERVED_CLAIMS.includes(name)) throw new SchemaError(at(path, name), 'is set by the emulator and cannot be overridden');
  }
  return claims;
}

function checkUser(path: string, value: unknown, connections: TenantConnection[]): TenantUser {
  const raw = object(path, value);
  onlyKeys(path, raw, ['email', 'phone_number', 'connection', 'user_id', 'mfa', 'claims']);
  const email = optional(raw, 'email', path, (p, v) => {
    if (!EMAIL_PATTERN.test(string(p, v))) throw new SchemaError(p, 'is not an email address');
    return v as string;
  });
  const phone = optional(raw, 'phone_number', path, (p, v) => {
    if (!PHONE_PATTERN.test(string(p, v))) throw new SchemaError(p, 'must match ^\\+[0-9]{1,15}$ (E.164)');
    return v as string;
  });
  if ((email === undefined) === (phone === undefined)) throw new SchemaError(path, 'give exactly one of email and phone_number');
  const user: TenantUser = email !== undefined ? { email } : { phone_number: phone! };
  const connection = optional(raw, 'connection', path, (p, v) => {
    const found = connections.find((c) => c.name === string(p, v));
    if (found === undefined) throw new SchemaError(p, `no connection "${String(v)}" in connections`);
    if (found.strategy !== (email !== undefined ? 'email' : 'sms')) throw new SchemaError(p, `connection "${found.name}" is a ${found.strategy} connection`);
    return found.name;
  });
  const userId = optional(raw, 'user_id', path, nonEmptyString);
  const mfa = optional(raw, 'mfa', path, boolean);
  const claims = optional(raw, 'claims', path, checkClaims);
  return {
    ...user,
    ...(connection !== undefined ? { connection } : {}),
    ...(userId !== undefined ? { user_id: userId } : {}),
    ...(mfa !== undefined ? { mfa } : {}),
    ...(claims !== undefined ? { claims } : {}),
  };
}

function checkTestCode(path: string, value: unknown): TestCode {
  const raw = object(path, value);
  onlyKeys(path, raw, ['match', 'code']);
  const match = required(raw, 'match', path, nonEmptyString);
  const code = required(raw, 'code', path, (p, v) => {
    if (!/^[0-9]{4,10}$/.test(string(p, v))) throw new SchemaError(p, 'must be 4 to 10 digits');
    return v as string;
  });
  return { match, code };
}

/** Items of a list that must have distinct `key` values. */
function unique<T>(path: string, items: T[], key: (item: T) => string, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = key(item);
    if (seen.has(value)) throw new SchemaError(at(path, index), `duplicate ${what} ${JSON.stringify(value)}`);
    seen.add(value);
  });
}

/** `login_page: { html: <file> }`: a customised login page (custom-login-page.ts); the file is read by tenant-file.ts. */
function checkLoginPage(path: string, value: unknown): LoginPageSettings {
  const raw = object(path, value);
  onlyKeys(path, raw, ['html']);
  return { html: required(raw, 'html', path, nonEmptyString) };
}

/**
 * `geoloc: { country_code }`: what `GET /user/geoloc/country` answers (actions/geoloc-country.ts),
 * an ISO 3166-1 alpha-2 code as Auth0 answers it (upper case; Lock looks it up in its country list).
 */
function checkGeoloc(path: string, value: unknown): GeolocSettings {
  const raw = object(path, value);
  onlyKeys(path, raw, ['country_code']);
  const countryCode = required(raw, 'country_code', path, (p, v) => {
    if (!/^[A-Z]{2}$/.test(string(p, v))) throw new SchemaError(p, 'must be a two-letter ISO 3166-1 country code in upper case, e.g. "US" or "FR"');
    return v as string;
  });
  return { country_code: countryCode };
}

/** Checks a parsed tenant file and returns it as a Tenant (defaults filled in). */
export function validateTenant(value: unknown): Tenant {
  const raw: Json = object('', value);
  onlyKeys('', raw, ['$schema', 'clients', 'connections', 'users', 'test_codes', 'cors', 'login_page', 'scenarios', 'geoloc']);
  const clients = required(raw, 'clients', '', (p, v) => array(p, v).map((item, i) => checkClient(at(p, i), item)));
  if (clients.length === 0) throw new SchemaError('clients', 'must have at least one client');
  unique('clients', clients, (c) => c.client_id, 'client_id');
  const ids = clients.map((c) => c.client_id);
  const connections = required(raw, 'connections', '', (p, v) => array(p, v).map((item, i) => checkConnection(at(p, i), item, ids)));
  unique('connections', connections, (c) => c.name, 'connection name');
  const users = optional(raw, 'users', '', (p, v) => array(p, v).map((item, i) => checkUser(at(p, i), item, connections))) ?? [];
  unique('users', users, (u) => `${u.connection ?? '*'} ${u.email?.toLowerCase() ?? u.phone_number}`, 'user');
  const testCodes = optional(raw, 'test_codes', '', (p, v) => array(p, v).map((item, i) => checkTestCode(at(p, i), item))) ?? [];
  const cors = optional(raw, 'cors', '', checkCorsSettings);
  const loginPage = optional(raw, 'login_page', '', checkLoginPage);
  const scenarios = optional(raw, 'scenarios', '', checkScenarios);
  const geoloc = optional(raw, 'geoloc', '', checkGeoloc);
  return {
    clients,
    connections,
    users,
    test_codes: testCodes,
    ...(cors !== undefined ? { cors } : {}),
    ...(loginPage !== undefined ? { login_page: loginPage } : {}),
    ...(scenarios !== undefined ? { scenarios } : {}),
    ...(geoloc !== undefined ? { geoloc } : {}),
  };
}
