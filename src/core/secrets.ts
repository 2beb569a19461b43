/**
 * The secret values of a run, kept as they become known so that pwless can mask them wherever they
 * reappear: a client secret a tenant's error_description echoes, a refresh token a proxy's 502
 * page repeats, a code in a catcher's answer (docs/security.md, "What reaches your terminal and your
 * files"). Field-by-field redaction (src/render/redact.ts) only finds secrets under their own names;
 * this registry knows the values themselves, and the writers of stdout, stderr, --trace-file and
 * --curl replace every occurrence of them (src/render/secret-mask.ts).
 *
 * Values are learned where they arrive or leave: send() (src/core/http.ts) registers the secret
 * fields of every request and answer (form, JSON, query, fragment, Location, Authorization), the
 * code sources the code they read, the token commands the saved tokens, the catchers' credentials
 * their password. Nothing here prints or masks: core touches no output (docs/design.md).
 */
import { readJson } from './json-limits.ts';

/** Wire field names whose values are secrets, in bodies, forms, queries and JSON. */
export const SECRET_FIELDS = new Set([
  'client_secret',
  'client_assertion',
  'otp',
  'code',
  'verification_code',
  'password',
  'access_token',
  'id_token',
  'refresh_token',
  // RFC 7009 §2.1: the token POST /oauth/revoke revokes (pwless sends a refresh token there).
  'token',
  'code_verifier',
  'mfa_token',
]);

/**
 * Shorter values are not masked in free text. Auth0's codes have 6 digits unless a tenant shortens
 * them (4 at least); a 4- or 5-character value matches too many unrelated numbers of a line (a
 * port, a duration) to be replaced wherever it appears. Their fields are still masked by name.
 */
export const MIN_SECRET_LENGTH = 6;

/** A known value, and how a line can spell it (see spellings()). */
export interface KnownSecret {
  readonly value: string;
  readonly spellings: readonly string[];
  /** The order it became known in: of two values of one length, the first known is masked first. */
  readonly order: number;
}

const jsonEscaped = (text: string): string => JSON.stringify(text).slice(1, -1);

/**
 * How a value can be spelt in a line: as is, percent-encoded (RFC 3986 §2.1, as encodeURIComponent
 * writes it) or form-encoded (`+` for a space, as URLSearchParams writes it: WHATWG URL §5.2), each
 * of them also JSON-escaped (RFC 8259 §7) once (an echo in a JSON body) and twice (that body's text
 * inside a --json document or a HAR file). Computed once, when the value becomes known.
 */
function spellings(value: string): string[] {
  const sent = [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)];
  const once = sent.map(jsonEscaped);
  return [...new Set([...sent, ...once, ...once.map(jsonEscaped)])];
}

/** Every spelling is at least this long (it is at least as long as its value): spellings are indexed by their first KEY characters. */
const KEY = MIN_SECRET_LENGTH;

/** The character a mask is made of (src/render/secret-mask.ts): masking can make a value that holds it appear. */
const MASK_CHAR = '•';

export class Secrets {
  readonly #known = new Map<string, KnownSecret>();
  /** The first KEY characters of each spelling, and the secrets with a spelling that starts with them. */
  readonly #byPrefix = new Map<string, KnownSecret[]>();
  /** Values that hold the mask's character: looked for in every text, as masking another value can form them. */
  readonly #holdingMask: KnownSecret[] = [];
  #sorted: readonly string[] | undefined;

  /** Registers a value (anything but a string of MIN_SECRET_LENGTH characters or more is ignored). */
  add(value: unknown): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || this.#known.has(value)) return;
    const known: KnownSecret = { value, spellings: spellings(value), order: this.#known.size };
    this.#known.set(value, known);
    for (const spelt of known.spellings) {
      const key = spelt.slice(0, KEY);
      const list = this.#byPrefix.get(key);
      if (list === undefined) this.#byPrefix.set(key, [known]);
      else if (!list.includes(known)) list.push(known);
    }
    if (value.includes(MASK_CHAR)) this.#holdingMask.push(known);
    this.#sorted = undefined;
  }

  /** The values, longest first: a secret that contains another is masked whole. */
  values(): readonly string[] {
    this.#sorted ??= [...this.#known.keys()].sort((a, b) => b.length - a.length);
    return this.#sorted;
  }

  /**
   * The secrets some spelling of which stands in `text`, longest first (a secret that contains
   * another is masked whole), then in the order they became known. One pass over the text, one
   * lookup per position: the cost of a line does not grow with the number of values known.
   */
  within(text: string): KnownSecret[] {
    const found = new Set<KnownSecret>(this.#holdingMask);
    for (let at = 0; at + KEY <= text.length; at++) {
      const candidates = this.#byPrefix.get(text.slice(at, at + KEY));
      if (candidates === undefined) continue;
      for (const known of candidates) if (!found.has(known) && known.spellings.some((spelt) => text.startsWith(spelt, at))) found.add(known);
    }
    return [...found].sort((a, b) => b.value.length - a.value.length || a.order - b.order);
  }
}

/** What learnFrom* add to: the run's registry, or nothing (a library caller, a test). */
type Sink = Pick<Secrets, 'add'> | undefined;

/** The secret parameters of a query string or a fragment (a magic link's verification_code, a callback's code). */
export function learnFromParams(params: URLSearchParams, secrets: Sink): void {
  for (const [key, value] of params) if (SECRET_FIELDS.has(key)) secrets?.add(value);
}

/** The secret parameters of a URL's query and fragment (a relative Location's too); nothing from a string that is no URL. */
export function learnFromUrl(text: string, secrets: Sink): void {
  const url = URL.parse(text, 'http://relative.invalid/');
  if (url === null) return;
  learnFromParams(url.searchParams, secrets);
  if (url.hash.length > 1) learnFromParams(new URLSearchParams(url.hash.slice(1)), secrets);
}

/** The secret fields of a parsed JSON value at any depth (but `except`), and the secret parameters of the URLs in it. */
export function learnFromJson(value: unknown, secrets: Sink, except?: string): void {
  if (typeof value === 'string') {
    if (/^https?:\/\//.test(value)) learnFromUrl(value, secrets);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, member] of Object.entries(value)) {
    if (SECRET_FIELDS.has(key) && key !== except && typeof member === 'string') secrets?.add(member);
    else learnFromJson(member, secrets, except);
  }
}

/**
 * The credentials of an Authorization header: a bearer token (RFC 6750 §2.1), or the pair of a
 * Basic header (RFC 7617 §2), whose password is learned on its own as well.
 */
export function learnFromAuthorization(value: string, secrets: Sink): void {
  const [scheme = '', credentials = ''] = value.split(' ', 2);
  secrets?.add(credentials);
  if (scheme.toLowerCase() !== 'basic') return;
  const pair = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  if (colon >= 0) secrets?.add(pair.slice(colon + 1));
}

/** What a request sends: the secrets of its URL, its Authorization header, and its form or JSON body. */
export function learnFromRequest(
  req: { url: URL; headers?: Record<string, string> | undefined; form?: Record<string, string> | undefined; json?: unknown },
  secrets: Sink,
): void {
  if (secrets === undefined) return;
  learnFromUrl(req.url.href, secrets);
  for (const [name, value] of Object.entries(req.headers ?? {})) if (name.toLowerCase() === 'authorization') learnFromAuthorization(value, secrets);
  if (req.form !== undefined) learnFromParams(new URLSearchParams(req.form), secrets);
  if (req.json !== undefined) learnFromJson(req.json, secrets);
}

/**
 * What an answer brings: the secret fields of a JSON body (read within the depth bound), and the
 * secrets of its Location. In a refusal, `code` is no secret but the error code of Auth0's older
 * `{code, description}` bodies (src/core/response.ts): masking `bad.connection` would hide the error.
 */
export function learnFromResponse(res: { status: number; headers: Record<string, string>; text: string }, secrets: Sink): void {
  if (secrets === undefined) return;
  if (res.headers.location !== undefined) learnFromUrl(res.headers.location, secrets);
  if (!/^\s*[[{]/.test(res.text)) return;
  const json = readJson(res.text);
  if (json.ok) learnFromJson(json.value, secrets, res.status >= 300 ? 'code' : undefined);
}
