/**
 * How secrets are shown when they are not asked for: client secrets, codes, and tokens never
 * appear in full in logs, traces or errors (the product's promise: docs/security.md).
 */
import { readJson } from '../core/json-limits.ts';
import { SECRET_FIELDS } from '../core/secrets.ts';

/**
 * Fields of a delivered message, as mail catchers, Mailosaur and the SMS gateway's receiver answer
 * them (compared without case: Mailpit writes `Text`, MailDev `text`): the whole message holds the
 * code, so -v and --trace-file show only its length.
 */
export const MESSAGE_FIELDS = new Set(['text', 'html', 'body', 'snippet', 'summary', 'preview', 'subject', 'codes']);

/** A message field's value in a trace: its size only. */
export function maskMessage(value: unknown): string {
  return typeof value === 'string' ? `•••• (${value.length} chars)` : '••••';
}

/** `••••` plus the last 4 characters: enough to tell two secrets apart, not to use one. */
export function maskSecret(value: string): string {
  return value.length <= 8 ? '••••' : `••••${value.slice(-4)}`;
}

/**
 * A secret field's value in a trace: a JWT keeps its header and payload (readable, and useless
 * without the signature), anything else is masked.
 */
export function maskField(value: string): string {
  const parts = value.split('.');
  if (parts.length === 3 && parts.every((p) => /^[\w-]+$/.test(p)) && parts[0]?.startsWith('eyJ')) return `${parts[0]}.${parts[1]}.••••`;
  return maskSecret(value);
}

/** A token shortened for humans: its start (the JWT header, which is public) and its length. */
export function shortenToken(token: string): string {
  return token.length <= 24 ? maskSecret(token) : `${token.slice(0, 16)}… (${token.length} chars)`;
}

/** Redacts secret fields of a JSON or form-encoded body, leaving everything else readable. */
export function redactBody(body: string, contentType: string | undefined): string {
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    for (const [key, value] of [...params]) if (SECRET_FIELDS.has(key)) params.set(key, maskField(value));
    return decodeURIComponent(params.toString().replace(/\+/g, ' '));
  }
  // JSON nested deeper than pwless reads is shown as text: redactJson recurses (src/core/json-limits.ts).
  const json = readJson(body);
  if (json.ok) return JSON.stringify(redactJson(json.value));
  // Not JSON (an HTML page, a proxy's text): its links may carry codes, and a token may stand anywhere.
  // A token starts a word: without the lookbehind each `eyJ` of a long run would start a scan to its end (quadratic).
  const scrubbed = body
    .replace(/https?:\/\/[^\s"'<>]+/g, (link) => redactUrl(link.replace(/&amp;/g, '&')))
    .replace(/(?<![\w-])eyJ[\w-]+\.[\w-]+\.[\w-]+/g, maskField);
  return scrubbed.length > 200 ? `${scrubbed.slice(0, 200)}… (${body.length} bytes)` : scrubbed;
}

export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value === 'string' && /^https?:\/\//.test(value)) return redactUrl(value);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      MESSAGE_FIELDS.has(k.toLowerCase()) ? maskMessage(v) : SECRET_FIELDS.has(k) && typeof v === 'string' ? maskField(v) : redactJson(v),
    ]),
  );
}

/**
 * A URL with the secret parameters of its query and fragment masked: a magic link's
 * verification_code, a callback's code, the tokens of an implicit redirect.
 */
export function redactUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  const mask = (params: URLSearchParams) => {
    for (const [key, v] of [...params]) if (SECRET_FIELDS.has(key)) params.set(key, maskField(v));
    return params.toString();
  };
  if (url.search) url.search = mask(url.searchParams);
  if (url.hash.length > 1) url.hash = mask(new URLSearchParams(url.hash.slice(1)));
  return url.href;
}

/** Authorization and cookie headers keep their scheme only; a Location is a URL with secrets masked. */
export function redactHeader(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization') return `${value.split(' ')[0]} ••••`;
  if (lower === 'cookie' || lower === 'set-cookie') return '••••';
  if (lower === 'location') return redactUrl(value);
  return value;
}
