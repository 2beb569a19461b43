/**
 * The tenant: applications (clients) and passwordless connections, shaped like the tenant file a
 * later issue loads (wire names in snake_case, as Auth0's Management API). The default tenant has
 * one public and one confidential client, both with the Passwordless OTP grant (reference §5).
 */

/** Auth0's application types; only `regular_web` and `non_interactive` hold a secret (§5). */
export type AppType = 'native' | 'spa' | 'regular_web' | 'non_interactive';

export interface TenantClient {
  client_id: string;
  name: string;
  app_type: AppType;
  /** Present for confidential clients only. */
  client_secret?: string;
  grant_types: string[];
  /** Allowed callback URLs; `*` matches any port or path (used by magic links, a later issue). */
  callbacks: string[];
  /** "Trust Token Endpoint IP Header" (reference §4.4). */
  is_token_endpoint_ip_header_trusted?: boolean;
}

export interface TenantConnection {
  name: string;
  strategy: 'email' | 'sms';
  enabled_clients: string[];
}

export interface Tenant {
  clients: TenantClient[];
  connections: TenantConnection[];
}

export const PASSWORDLESS_OTP_GRANT = 'http://auth0.com/oauth/grant-type/passwordless/otp';

const DEFAULT_GRANTS = [PASSWORDLESS_OTP_GRANT, 'refresh_token', 'authorization_code'];
const DEFAULT_CALLBACKS = ['http://127.0.0.1/*', 'http://localhost/*'];
const DEFAULT_CLIENT_IDS = ['emulator-native', 'emulator-web'];

/** A fresh copy each call, so a caller may change it without touching other emulators. */
export function defaultTenant(): Tenant {
  return {
    clients: [
      {
        client_id: 'emulator-native',
        name: 'Emulator Native App',
        app_type: 'native',
        grant_types: [...DEFAULT_GRANTS],
        callbacks: [...DEFAULT_CALLBACKS],
      },
      {
        client_id: 'emulator-web',
        name: 'Emulator Web App',
        app_type: 'regular_web',
        client_secret: 'emulator-web-secret',
        grant_types: [...DEFAULT_GRANTS],
        callbacks: [...DEFAULT_CALLBACKS],
        is_token_endpoint_ip_header_trusted: true,
      },
    ],
    connections: [
      { name: 'email', strategy: 'email', enabled_clients: [...DEFAULT_CLIENT_IDS] },
      { name: 'sms', strategy: 'sms', enabled_clients: [...DEFAULT_CLIENT_IDS] },
    ],
  };
}

export function findClient(tenant: Tenant, clientId: string): TenantClient | undefined {
  return tenant.clients.find((client) => client.client_id === clientId);
}

export function findConnection(tenant: Tenant, name: string): TenantConnection | undefined {
  return tenant.connections.find((connection) => connection.name === name);
}

/** Confidential clients must authenticate with their secret (reference §5). */
export function isConfidential(client: TenantClient): boolean {
  return client.app_type === 'regular_web' || client.app_type === 'non_interactive';
}

export function isEnabledFor(connection: TenantConnection, client: TenantClient): boolean {
  return connection.enabled_clients.includes(client.client_id);
}
