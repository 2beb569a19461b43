/**
 * The tenant file's message and delivery settings of a connection, under Auth0's own option names
 * (Management API connection options; docs/emulator.md "Templates" and "Real delivery"): an email
 * connection's `email {syntax, from, subject, body}`, an SMS connection's `from`, `template`,
 * `syntax`, and its custom SMS gateway (`provider: 'sms_gateway'`, `gateway_url`,
 * `gateway_authentication`, `forward_req_info`; docs/auth0-behaviour.md, B-GATEWAY-1…B-GATEWAY-4).
 * Templates are only checked for shape here; templates.ts parses them when the emulator starts.
 */
import { at, boolean, nonEmptyString, object, oneOf, onlyKeys, optional, required, SchemaError, string, type Json } from './schema.ts';
import { SMS_SYNTAXES, type EmailTemplate, type GatewayAuthentication, type TenantConnection } from './tenant.ts';

export const EMAIL_DELIVERY_KEYS = ['email'] as const;
export const SMS_DELIVERY_KEYS = ['from', 'template', 'syntax', 'provider', 'gateway_url', 'gateway_authentication', 'forward_req_info'] as const;

type DeliveryFields = Pick<
  TenantConnection,
  'email' | 'from' | 'template' | 'syntax' | 'provider' | 'gateway_url' | 'gateway_authentication' | 'forward_req_info'
>;

/** An http(s) URL: the emulator POSTs each SMS there. */
export function checkGatewayUrl(path: string, value: unknown): string {
  const text = nonEmptyString(path, value);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // said below
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new SchemaError(path, 'must be an http or https URL, e.g. http://127.0.0.1:4020/sms');
  }
  return text;
}

function checkEmailTemplate(path: string, value: unknown): EmailTemplate {
  const raw = object(path, value);
  onlyKeys(path, raw, ['syntax', 'from', 'subject', 'body']);
  const template: EmailTemplate = { syntax: optional(raw, 'syntax', path, (p, v) => oneOf(p, v, ['liquid'] as const)) ?? 'liquid' };
  for (const key of ['from', 'subject', 'body'] as const) {
    const text = optional(raw, key, path, string);
    if (text !== undefined) template[key] = text;
  }
  return template;
}

function checkAuthentication(path: string, value: unknown): GatewayAuthentication {
  const raw = object(path, value);
  onlyKeys(path, raw, ['method', 'subject', 'audience', 'secret', 'secret_base64_encoded']);
  const auth: GatewayAuthentication = {
    method: required(raw, 'method', path, (p, v) => oneOf(p, v, ['bearer'] as const)),
    secret: required(raw, 'secret', path, nonEmptyString),
  };
  const subject = optional(raw, 'subject', path, nonEmptyString);
  const audience = optional(raw, 'audience', path, nonEmptyString);
  const base64 = optional(raw, 'secret_base64_encoded', path, boolean);
  if (subject !== undefined) auth.subject = subject;
  if (audience !== undefined) auth.audience = audience;
  if (base64 !== undefined) auth.secret_base64_encoded = base64;
  if (base64 === true && !/^[A-Za-z0-9_-]+={0,2}$/.test(auth.secret)) {
    throw new SchemaError(at(path, 'secret'), 'is not base64url text, as secret_base64_encoded says (use A-Z a-z 0-9 - _)');
  }
  return auth;
}

/** The delivery fields of one connection; keys of the other strategy are refused by name. */
export function checkDeliveryFields(path: string, raw: Json, strategy: 'email' | 'sms'): DeliveryFields {
  const foreign = strategy === 'email' ? SMS_DELIVERY_KEYS : EMAIL_DELIVERY_KEYS;
  for (const key of foreign) {
    if (Object.hasOwn(raw, key)) throw new SchemaError(at(path, key), `is an option of ${strategy === 'email' ? 'sms' : 'email'} connections only`);
  }
  const fields: DeliveryFields = {};
  if (strategy === 'email') {
    const email = optional(raw, 'email', path, checkEmailTemplate);
    if (email !== undefined) fields.email = email;
    return fields;
  }
  const from = optional(raw, 'from', path, nonEmptyString);
  const template = optional(raw, 'template', path, string);
  const syntax = optional(raw, 'syntax', path, (p, v) => oneOf(p, v, SMS_SYNTAXES));
  const provider = optional(raw, 'provider', path, (p, v) => oneOf(p, v, ['sms_gateway'] as const));
  const gatewayUrl = optional(raw, 'gateway_url', path, checkGatewayUrl);
  const auth = optional(raw, 'gateway_authentication', path, checkAuthentication);
  const forward = optional(raw, 'forward_req_info', path, boolean);
  if (provider === 'sms_gateway' && gatewayUrl === undefined) throw new SchemaError(at(path, 'gateway_url'), 'is required with provider "sms_gateway"');
  if (provider === undefined) {
    for (const [key, given] of [
      ['gateway_url', gatewayUrl],
      ['gateway_authentication', auth],
      ['forward_req_info', forward],
    ] as const) {
      if (given !== undefined) throw new SchemaError(at(path, key), 'needs "provider": "sms_gateway" beside it, as in Auth0');
    }
  }
  if (from !== undefined) fields.from = from;
  if (template !== undefined) fields.template = template;
  if (syntax !== undefined) fields.syntax = syntax;
  if (provider !== undefined) fields.provider = provider;
  if (gatewayUrl !== undefined) fields.gateway_url = gatewayUrl;
  if (auth !== undefined) fields.gateway_authentication = auth;
  if (forward !== undefined) fields.forward_req_info = forward;
  return fields;
}
