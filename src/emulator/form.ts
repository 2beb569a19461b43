/**
 * Strict `application/x-www-form-urlencoded` decoding (WHATWG URL §5.1, RFC 6749 Appendix B).
 * `URLSearchParams` silently keeps malformed percent-escapes and merges nothing, so a test double
 * built on it would accept requests a real server may refuse; this parser refuses them instead.
 */
import { invalidRequest } from './errors.ts';

/** Decodes one form-encoded name or value: `+` is a space, `%XX` are UTF-8 bytes. */
export function formDecode(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw invalidRequest(`Invalid percent-encoding in form data: "${clip(raw)}".`);
  }
}

/**
 * Parses a form body into a null-prototype record. A parameter given twice is an error: "Request
 * and response parameters MUST NOT be included more than once" (RFC 6749 §3.1, §3.2).
 */
export function parseForm(text: string): Record<string, unknown> {
  const params: Record<string, unknown> = Object.create(null);
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = formDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : formDecode(pair.slice(eq + 1));
    if (Object.hasOwn(params, name)) {
      throw invalidRequest(`Parameter '${clip(name)}' is included more than once.`);
    }
    params[name] = value;
  }
  return params;
}

/** Keeps echoed client input short in error descriptions. */
export function clip(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
