/**
 * Personal data masked in a --trace-file (unless --trace-pii): a HAR file is made to be attached
 * to a ticket, and the people whose logins it records did not agree to that. Email addresses keep
 * their domain (which tenant or mail provider is often the point of the ticket), phone numbers
 * their last two digits, and the identity claims of a JWT payload are masked whole. The payload
 * of a JWT is decoded, masked and encoded again, so `header.payload` still decodes with any JWT
 * tool; the signature is removed either way. `picture` is masked too: a Gravatar URL is a hash of
 * the email address. See docs/network.md.
 */
import { readJson } from '../core/json-limits.ts';

const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;
/** E.164 (ITU-T E.164: a "+", then up to 15 digits), as Auth0 stores phone_number. */
const PHONE = /\+[1-9]\d{6,14}(?!\d)/g;

/** Claims that name the person, masked whole (OIDC Core §5.1 standard claims), `picture` included. */
export const IDENTITY_CLAIMS = new Set([
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'picture',
]);

export const MASK = '••••';

/** Every email address and phone number in a text, masked. */
export function maskPiiText(text: string): string {
  return text.replace(EMAIL, (_address, domain: string) => `${MASK}@${domain}`).replace(PHONE, (phone) => `+${MASK}${phone.slice(-2)}`);
}

/** A JSON value with identity claims masked whole and PII in every other string masked. */
export function maskPiiJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskPiiJson);
  if (typeof value === 'string') return maskPiiText(value);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, IDENTITY_CLAIMS.has(k) && typeof v === 'string' && v !== '' ? MASK : maskPiiJson(v)]));
}

/** A JWS compact serialization (RFC 7515 §7.1) anywhere in a text, its signature possibly masked already. */
export const JWT_PATTERN = /\beyJ[\w-]*\.eyJ[\w-]*\.(?:••••|[\w-]*)/g;

/**
 * A JWT without its signature (`header.payload.••••`), its payload's PII masked when `pii` is
 * false: decoded, masked and encoded again, so the result still decodes as a JWT.
 */
export function maskJwt(token: string, pii: boolean): string {
  const [header, payload] = token.split('.') as [string, string];
  if (pii) return `${header}.${payload}.${MASK}`;
  // A payload that is not JSON, or nests deeper than maskPiiJson may recurse (src/core/json-limits.ts), is masked whole.
  const claims = readJson(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!claims.ok) return `${header}.${MASK}.${MASK}`;
  return `${header}.${Buffer.from(JSON.stringify(maskPiiJson(claims.value))).toString('base64url')}.${MASK}`;
}
