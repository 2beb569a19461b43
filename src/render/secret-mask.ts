/**
 * The last redaction, at the edge: every secret value the run knows (src/core/secrets.ts) is masked
 * wherever it stands in a line about to be written — stdout, stderr, the -v trace, --curl, the
 * --trace-file — whatever put it there: a tenant's error_description that repeats the request, a
 * proxy's error page, a warning. Field redaction (redact.ts) runs first and keeps its shapes; this
 * pass catches the values that appear under no secret's name.
 *
 * A value is found as it was sent and as an echo would spell it: as is, percent-encoded (RFC 3986
 * §2.1, as encodeURIComponent writes it), form-encoded (`+` for a space, as URLSearchParams writes
 * it: WHATWG URL §5.2), and each of these JSON-escaped (RFC 8259 §7), once or twice. It becomes
 * `••••` and at most its last 4 characters, as redact.ts masks. A value shorter than 16 characters
 * (a code, a short password) is masked only as a whole word, not inside a longer run of letters,
 * digits, `-` or `_`: a 6-digit code must not eat into a timestamp.
 */

import type { Secrets } from '../core/secrets.ts';

/** What masking needs of the run's registry: the secrets that stand in a text, and their spellings. */
export type KnownSecrets = Pick<Secrets, 'within'>;

/** Below this length a value is matched only as a whole word. */
const WHOLE_WORD_BELOW = 16;

/** The characters a whole-word match may not touch: those of words, numbers and base64url. */
const WORD_CHAR = /[A-Za-z0-9_-]/;

/** `••••` and the last 4 characters, when the value is long enough to spare them and they are plain. */
function mask(value: string): string {
  const tail = value.slice(-4);
  return value.length > 8 && /^[A-Za-z0-9._~-]{4}$/.test(tail) ? `••••${tail}` : '••••';
}

const jsonEscaped = (text: string): string => JSON.stringify(text).slice(1, -1);

function replaceAll(text: string, needle: string, replacement: string, wholeWord: boolean): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (wholeWord && (WORD_CHAR.test(text[at - 1] ?? '') || WORD_CHAR.test(text[end] ?? ''))) continue;
    if (at < from) continue;
    out += text.slice(from, at) + replacement;
    from = end;
  }
  return out + text.slice(from);
}

function maskPlain(text: string, secrets: KnownSecrets): string {
  let masked = text;
  for (const { value, spellings } of secrets.within(text)) {
    const wholeWord = value.length < WHOLE_WORD_BELOW;
    for (const spelt of spellings) if (spelt.length <= masked.length && masked.includes(spelt)) masked = replaceAll(masked, spelt, mask(value), wholeWord);
  }
  return masked;
}

/**
 * The text with every known secret masked, except the `revealed` values: the tokens a user asked to
 * see on stdout (--show-tokens, --raw, the `tokens` of a --json document), which stay whole where
 * they stand.
 */
export function maskSecrets(text: string, secrets: KnownSecrets, revealed: readonly string[] = []): string {
  const kept = revealed
    .flatMap((value) => [value, jsonEscaped(value)])
    .filter((v) => v !== '' && text.includes(v))
    .sort((a, b) => b.length - a.length);
  if (kept.length === 0) return maskPlain(text, secrets);
  // Split around each revealed value, mask the pieces between them, and put the revealed values back unchanged.
  const pattern = new RegExp(kept.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  let out = '';
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    out += maskPlain(text.slice(from, match.index), secrets) + match[0];
    from = match.index + match[0].length;
  }
  return out + maskPlain(text.slice(from), secrets);
}

/** JSON's whitespace (RFC 8259 §2). */
const JSON_SPACE = new Set([' ', '\t', '\n', '\r']);

/** The index of the quote that closes the JSON string opening at `at`. */
function stringEnd(text: string, at: number): number {
  let end = at + 1;
  while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
  return end;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A JSON document (--json, the HAR file) with the secrets masked inside its string values only:
 * each string is read, masked as a line is, and written back as a JSON string if it changed. Keys,
 * numbers and the document's structure are never touched, so the output parses to the same shape
 * (a code equal to a duration in milliseconds, a password equal to a key, are left where they
 * stand as numbers and keys). A text that is not JSON is masked as a line.
 */
export function maskDocument(text: string, secrets: KnownSecrets, revealed: readonly string[] = []): string {
  if (!isJson(text)) return maskSecrets(text, secrets, revealed);
  let out = '';
  let from = 0;
  for (let at = text.indexOf('"'); at >= 0; ) {
    const end = stringEnd(text, at);
    let next = end + 1;
    while (JSON_SPACE.has(text[next] ?? '')) next++;
    if (text[next] !== ':') {
      const value = JSON.parse(text.slice(at, end + 1)) as string;
      const masked = maskSecrets(value, secrets, revealed);
      if (masked !== value) {
        out += text.slice(from, at) + JSON.stringify(masked);
        from = end + 1;
      }
    }
    at = text.indexOf('"', end + 1);
  }
  return out + text.slice(from);
}
