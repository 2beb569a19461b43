/**
 * Redaction for --trace-file: the same masking as -v (src/render/redact.ts: secret fields, codes,
 * tokens, Authorization and cookies), every JWT without its signature wherever it appears, and,
 * unless --trace-pii, email addresses, phone numbers and identity claims masked (src/render/pii.ts).
 * Unlike -v, bodies are kept whole and encoded as they were sent, since a HAR file is read by tools.
 */
import { readJson } from '../core/json-limits.ts';
import { JWT_PATTERN, maskJwt, maskPiiJson, maskPiiText } from './pii.ts';
import { SECRET_FIELDS } from '../core/secrets.ts';
import { MESSAGE_FIELDS, maskField, maskMessage, redactHeader, redactUrl } from './redact.ts';

export interface HarRedactor {
  url(value: string): string;
  header(name: string, value: string): string;
  body(text: string, contentType: string | undefined): string;
}

export function harRedactor(options: { pii: boolean }): HarRedactor {
  const scrub = (text: string): string => {
    const unsigned = text.replace(JWT_PATTERN, (token) => maskJwt(token, options.pii));
    return options.pii ? unsigned : maskPiiText(unsigned);
  };
  const scrubParams = (params: URLSearchParams): string => {
    for (const [key, value] of [...params]) params.set(key, scrub(SECRET_FIELDS.has(key) ? maskField(value) : value));
    return params.toString();
  };
  const url = (value: string): string => {
    let parsed: URL;
    try {
      parsed = new URL(redactUrl(value));
    } catch {
      return scrub(value);
    }
    if (parsed.search) parsed.search = scrubParams(parsed.searchParams);
    if (parsed.hash.length > 1) parsed.hash = scrubParams(new URLSearchParams(parsed.hash.slice(1)));
    return scrub(parsed.href);
  };
  return {
    url,
    header(name, value) {
      const redacted = redactHeader(name, value);
      return name.toLowerCase() === 'location' ? url(value) : scrub(redacted);
    },
    body(text, contentType) {
      if (text === '') return text;
      if (contentType?.includes('application/x-www-form-urlencoded')) return scrubParams(new URLSearchParams(text));
      // Not JSON (an HTML page, plain text), or JSON deeper than the recursive walks below may go (src/core/json-limits.ts): its links may carry codes.
      const json = readJson(text);
      if (!json.ok) return scrub(text.replace(/https?:\/\/[^\s"'<>]+/g, (link) => url(link)));
      const redacted = redactJsonUrls(json.value, url);
      return scrub(JSON.stringify(options.pii ? redacted : maskPiiJson(redacted)));
    },
  };
}

/** Secret fields masked at any depth, a delivered message's texts by their length, and every URL string redacted as a URL (its query decoded first). */
function redactJsonUrls(value: unknown, url: (value: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => redactJsonUrls(v, url));
  if (typeof value === 'string') return /^https?:\/\//.test(value) ? url(value) : value;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      MESSAGE_FIELDS.has(k.toLowerCase()) ? maskMessage(v) : SECRET_FIELDS.has(k) && typeof v === 'string' ? maskField(v) : redactJsonUrls(v, url),
    ]),
  );
}
