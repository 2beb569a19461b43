/**
 * Validation of a /passwordless/start body, in the order of the error table of docs/auth0-behaviour.md,
 * with its exact `bad.*` texts. The unknown-client check comes right after `client_id` (the
 * client is needed for "Connection is disabled"); the secret is checked last, by the action.
 */
import { badField, OAuthError } from '../errors.ts';
import { findClient, findConnection, isEnabledFor, type Tenant, type TenantClient, type TenantConnection } from '../tenant.ts';
import { EMAIL_PATTERN, PHONE_PATTERN } from '../users.ts';

/** The documented top-level properties (docs/auth0-behaviour.md, B-START-2); anything else is `bad.request`. */
const ALLOWED = ['client_id', 'client_secret', 'connection', 'email', 'phone_number', 'send', 'authParams'];

const SEND_VALUES = ['code', 'link'];

export interface StartInput {
  client: TenantClient;
  connection: TenantConnection;
  send: 'code' | 'link';
  /** The email or phone number as sent. */
  recipient: string;
  authParams: Record<string, unknown>;
  clientSecret: string | undefined;
}

/** JSON-schema type names, as in "invalid type: string (expected object)" (B-START-ERR-7). */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** A required or optional string field; other JSON types get "error in <f> - invalid type". */
function stringField(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  if (!Object.hasOwn(body, field)) {
    if (required) throw badField(field, `Missing required property: ${field}`);
    return undefined;
  }
  const value = body[field];
  if (typeof value !== 'string') {
    throw badField(field, `error in ${field} - invalid type: ${jsonType(value)} (expected string)`);
  }
  return value;
}

function resolveClient(tenant: Tenant, clientId: string): TenantClient {
  const client = findClient(tenant, clientId);
  // Auth0's answer is not documented (docs/auth0-behaviour.md, B-START-ERR-2): the emulator's choice.
  if (client === undefined) throw new OAuthError(401, 'unauthorized_client', 'Unknown client.');
  return client;
}

function resolveConnection(tenant: Tenant, client: TenantClient, name: string): TenantConnection {
  const connection = findConnection(tenant, name);
  if (connection === undefined) throw badField('connection', 'Connection does not exist');
  if (!isEnabledFor(connection, client)) throw badField('connection', 'Connection is disabled');
  return connection;
}

function validateSend(body: Record<string, unknown>): 'code' | 'link' {
  // Absent or null means a link (docs/auth0-behaviour.md, B-START-4).
  if (body.send === undefined || body.send === null) return 'link';
  const send = stringField(body, 'send', false)!;
  if (!SEND_VALUES.includes(send)) throw badField('send', `error in send - No enum match for: ${send}`);
  return send as 'code' | 'link';
}

function validateAuthParams(body: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(body, 'authParams')) return {};
  const value = body.authParams;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badField('authParams', `error in authParams - invalid type: ${jsonType(value)} (expected object)`);
  }
  return value as Record<string, unknown>;
}

function rejectUnknownProperties(body: Record<string, unknown>): void {
  const unknown = Object.keys(body).filter((key) => !ALLOWED.includes(key));
  if (unknown.length > 0) throw badField('request', `the following properties are not allowed: ${unknown.join(', ')}`);
}

function validateRecipient(body: Record<string, unknown>, connection: TenantConnection): string {
  if (connection.strategy === 'email') {
    const email = stringField(body, 'email', true)!;
    if (!EMAIL_PATTERN.test(email)) {
      throw badField('email', `error in email - email format validation failed: ${email}`);
    }
    return email;
  }
  const phone = stringField(body, 'phone_number', true)!;
  if (!PHONE_PATTERN.test(phone)) throw badField('phone_number', 'String does not match pattern: ^\\+[0-9]{1,15}$');
  return phone;
}

export function validateStart(body: Record<string, unknown>, tenant: Tenant): StartInput {
  const client = resolveClient(tenant, stringField(body, 'client_id', true)!);
  const connection = resolveConnection(tenant, client, stringField(body, 'connection', true)!);
  const send = validateSend(body);
  const authParams = validateAuthParams(body);
  rejectUnknownProperties(body);
  const recipient = validateRecipient(body, connection);
  const clientSecret = stringField(body, 'client_secret', false);
  return { client, connection, send, recipient, authParams, clientSecret };
}
