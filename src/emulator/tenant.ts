/**
 * The tenant: applications (clients), passwordless connections, known users and fixed test codes,
 * in the shape of the tenant file (`pwless emulator --tenant`, wire names in snake_case as in
 * Auth0's Management API). The default tenant is in default-tenant.ts, the file's schema in
 * tenant-schema.ts. Rules that depend on the application type follow docs/auth0-behaviour.md, B-APP-*.
 */

/** Auth0's application types; only `regular_web` and `non_interactive` hold a secret (B-APP-*). */
export const APP_TYPES = ['native', 'spa', 'regular_web', 'non_interactive'] as const;
export type AppType = (typeof APP_TYPES)[number];

export const PASSWORDLESS_OTP_GRANT = 'http://auth0.com/oauth/grant-type/passwordless/otp';

/** The tenant's name where Auth0 puts one: `@@config@@`'s `auth0Tenant`, Lock's client script's `tenant`. */
export const TENANT_NAME = 'pwless-emulator';

export interface TenantClient {
  client_id: string;
  name: string;
  app_type: AppType;
  /** Present for confidential clients only. */
  client_secret?: string;
  grant_types: string[];
  /** Allowed Callback URLs of magic links; the matching rules are in callbacks.ts. */
  callbacks: string[];
  /** "Trust Token Endpoint IP Header" (docs/auth0-behaviour.md, B-FWD-2); confidential clients only. */
  is_token_endpoint_ip_header_trusted?: boolean;
  /** "Allowed Origins (CORS)": origins whose pages may call the API (cors.ts, B-CORS-1). */
  allowed_origins?: string[];
  /** "Allowed Web Origins" (B-CORS-1); they count for CORS too. */
  web_origins?: string[];
  /** "Allow Cross-Origin Authentication": `POST /co/authenticate` (B-CO-1); off when absent. */
  cross_origin_authentication?: boolean;
  /** "Cross-Origin Verification Fallback" URL (B-CO-1); kept, not used: the emulator needs no verifier page. */
  cross_origin_loc?: string;
  /** "Allowed Logout URLs" of `GET /v2/logout` (logout-urls.ts, B-LOGOUT-2); default: the callbacks' origins. */
  allowed_logout_urls?: string[];
}

/** `GET /user/geoloc/country` (Lock's phone field): Auth0 answers the caller's country by its IP; the emulator, this. */
export interface GeolocSettings {
  /** An ISO 3166-1 alpha-2 code, upper case; `US` when absent (Lock's own fallback). */
  country_code: string;
}

/** What Auth0 does is unknown for these, so the tenant file chooses (docs/emulator.md "CORS", B-CORS-4, B-CORS-5). */
export interface CorsSettings {
  /** Discovery and JWKS answer any origin with `access-control-allow-origin: *` (no credentials). */
  any_origin_for_keys: boolean;
  /** `/passwordless/start` from an origin no client allows is refused (403), not answered without CORS headers. */
  refuse_unlisted_origin_at_start: boolean;
}

export interface TenantConnection {
  name: string;
  strategy: 'email' | 'sms';
  enabled_clients: string[];
  /** Digits per code; the emulator's `otpLength` when absent ("OTP Length", B-OTP-4). */
  otp_length?: number;
  /** Code lifetime; the emulator's `otpTtlSeconds` when absent ("OTP Expiry", B-OTP-3). */
  otp_ttl_seconds?: number;
  /** "Disable Sign Ups": only known users may log in (B-START-10). */
  disable_signup?: boolean;
  /** Email connections: the message's From, Subject and Message (Liquid), as Auth0's `options.email` (B-MSG-1). */
  email?: EmailTemplate;
  /** SMS connections: the sender (`options.from`) and the message (`options.template` in `options.syntax`, B-MSG-3). */
  from?: string;
  template?: string;
  syntax?: SmsSyntax;
  /** SMS connections: `provider: 'sms_gateway'` sends through `gateway_url` (B-GATEWAY-1…B-GATEWAY-4). */
  provider?: 'sms_gateway';
  gateway_url?: string;
  gateway_authentication?: GatewayAuthentication;
  /** Adds `req: {ip, user-agent}` of the /start request to the gateway's body (B-GATEWAY-1). */
  forward_req_info?: boolean;
}

/** Auth0's passwordless email connection `options.email` (Management API); each field a Liquid template. */
export interface EmailTemplate {
  syntax: 'liquid';
  from?: string;
  subject?: string;
  body?: string;
}

/** `md_with_macros` replaces `@@password@@`; `liquid` renders Liquid (B-MSG-3). */
export const SMS_SYNTAXES = ['md_with_macros', 'liquid'] as const;
export type SmsSyntax = (typeof SMS_SYNTAXES)[number];

/** Auth0's `gateway_authentication`: a bearer HS256 JWT with this `sub` and `aud`, signed with `secret` (B-GATEWAY-2). */
export interface GatewayAuthentication {
  method: 'bearer';
  subject?: string;
  audience?: string;
  secret: string;
  /** The secret is base64url text of the key bytes. */
  secret_base64_encoded?: boolean;
}

/** A user that exists before any login: it may log in when sign-ups are disabled. */
export interface TenantUser {
  email?: string;
  phone_number?: string;
  /** Limits the user to one connection; by default every connection of its strategy. */
  connection?: string;
  /** A fixed `sub`; by default one derived from the identity, stable across runs. */
  user_id?: string;
  /** The code exchange answers 403 `mfa_required` for this user (docs/auth0-behaviour.md, B-TOKEN-ERR-10). */
  mfa?: boolean;
  /** Extra claims of its ID token and /userinfo answer. */
  claims?: Record<string, unknown>;
}

/** Answers a scenario identity always gets (scenarios.ts, docs/emulator.md "Scenario identities"). */
export const SCENARIO_ANSWERS = ['expired_code', 'attempts_exhausted', 'mfa_required', 'sms_provider_error', 'too_many_requests', 'signup_disabled'] as const;
export type ScenarioAnswer = (typeof SCENARIO_ANSWERS)[number];

/** Identities containing `match` (case-insensitive) always get `answer`. */
export interface Scenario {
  match: string;
  answer: ScenarioAnswer;
  /** `sms_provider_error`: the provider's error code (Twilio's 21211 "invalid To number" by default). */
  provider_code?: number;
  /** `sms_provider_error`: the provider's message; `{to}` stands for the phone number. */
  provider_message?: string;
}

/** Identities containing `match` always get `code` (like Clerk's `+clerk_test` addresses). */
export interface TestCode {
  match: string;
  code: string;
}

export interface Tenant {
  clients: TenantClient[];
  connections: TenantConnection[];
  users: TenantUser[];
  test_codes: TestCode[];
  /** Absent in the file: both false. */
  cors?: CorsSettings;
  /** Identities that always get one error answer (scenarios.ts); none when absent. */
  scenarios?: Scenario[];
  /** A customised login page (Classic Universal Login), served by GET /authorize without a ticket (custom-login-page.ts). */
  login_page?: LoginPageSettings;
  /** What `GET /user/geoloc/country` answers (geoloc-country.ts); `US` when absent. */
  geoloc?: GeolocSettings;
}

/** `login_page` of the tenant file: `html` is the page's file, relative to the tenant file (absolute once loaded). */
export interface LoginPageSettings {
  html: string;
}

export function findClient(tenant: Tenant, clientId: string): TenantClient | undefined {
  return tenant.clients.find((client) => client.client_id === clientId);
}

export function findConnection(tenant: Tenant, name: string): TenantConnection | undefined {
  return tenant.connections.find((connection) => connection.name === name);
}

/** Confidential clients must authenticate with their secret (docs/auth0-behaviour.md, B-APP-3). */
export function isConfidential(client: TenantClient): boolean {
  return client.app_type === 'regular_web' || client.app_type === 'non_interactive';
}

export function isEnabledFor(connection: TenantConnection, client: TenantClient): boolean {
  return connection.enabled_clients.includes(client.client_id);
}

/**
 * Whether `client` may use `grant`. The passwordless OTP grant "can't be enabled on SPA-type
 * applications" (docs/auth0-behaviour.md, B-APP-1), so an SPA is refused it even if its list names it (the
 * tenant file refuses that list too; this guards a tenant changed at run time).
 */
export function grantAllowed(client: TenantClient, grant: string): boolean {
  if (grant === PASSWORDLESS_OTP_GRANT && client.app_type === 'spa') return false;
  return client.grant_types.includes(grant);
}

/** The tenant user with this identity on this connection (emails compare lower-cased). */
export function findTenantUser(tenant: Tenant, connection: TenantConnection, identity: string): TenantUser | undefined {
  return tenant.users.find((user) => {
    if (user.connection !== undefined && user.connection !== connection.name) return false;
    const own = connection.strategy === 'email' ? user.email?.toLowerCase() : user.phone_number;
    return own !== undefined && own === identity;
  });
}

/** The fixed code for an identity, from the first `test_codes` entry it contains (case-insensitive). */
export function testCodeFor(tenant: Tenant, identity: string): string | undefined {
  const lower = identity.toLowerCase();
  return tenant.test_codes.find((entry) => lower.includes(entry.match.toLowerCase()))?.code;
}
