/**
 * --curl: every HTTP request of the run as a curl command, in order, so that a support engineer
 * can hand a reproduction to someone without pwless (docs: README "Requests as curl"). Built
 * from the same trace events as -v (src/core/http.ts), so discovery, the JWKS, the emulator's
 * outbox and link following all appear. Secrets never appear: each secret field (the ones
 * src/render/redact.ts masks) becomes a shell variable that the reader sets — "$OTP",
 * "$PWLESS_CLIENT_SECRET", "$ACCESS_TOKEN", … — and every other byte is single-quoted for POSIX sh
 * (https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02_02).
 */
import type { TraceRequest, TraceSink } from '../core/http.ts';
import { SECRET_FIELDS } from '../core/secrets.ts';

/** A piece of one shell word: literal text, or a variable the shell expands. */
export type WordPart = { text: string } | { variable: string };

/** The variable of each secret field, and what the reader sets it to. */
const VARIABLES: Record<string, { name: string; meaning: string }> = {
  client_secret: { name: 'PWLESS_CLIENT_SECRET', meaning: 'the client secret of the application' },
  otp: { name: 'OTP', meaning: 'the code from the message the start request sends; each start voids the last one' },
  verification_code: { name: 'VERIFICATION_CODE', meaning: 'the verification_code of the link in the message the start request sends' },
  code: { name: 'AUTH_CODE', meaning: 'the code in the Location of the answer to the link request (single use)' },
  code_verifier: { name: 'CODE_VERIFIER', meaning: 'a PKCE verifier (RFC 7636 §4.1)' },
  code_challenge: { name: 'CODE_CHALLENGE', meaning: 'the S256 challenge of CODE_VERIFIER (RFC 7636 §4.2)' },
  access_token: { name: 'ACCESS_TOKEN', meaning: 'an access token: export ACCESS_TOKEN="$(pwless token --raw access_token)"' },
  id_token: { name: 'ID_TOKEN', meaning: 'an ID token: export ID_TOKEN="$(pwless token --raw id_token)"' },
  refresh_token: { name: 'REFRESH_TOKEN', meaning: 'a refresh token: export REFRESH_TOKEN="$(pwless token --raw refresh_token)"' },
  token: { name: 'REFRESH_TOKEN', meaning: 'the refresh token to revoke: export REFRESH_TOKEN="$(pwless token --raw refresh_token)"' },
  client_assertion: { name: 'CLIENT_ASSERTION', meaning: 'the signed client assertion (RFC 7523 §2.2)' },
  password: { name: 'PASSWORD', meaning: 'the password' },
  mfa_token: { name: 'MFA_TOKEN', meaning: 'the mfa_token of the mfa_required answer' },
};

const PKCE_PAIR =
  'export CODE_VERIFIER="$(openssl rand -base64 48 | tr "+/" "-_" | tr -d "=\\n")"; export CODE_CHALLENGE="$(printf %s "$CODE_VERIFIER" | openssl dgst -sha256 -binary | openssl base64 -A | tr "+/" "-_" | tr -d "=")"';

/** The variable of a wire field whose value must not be printed; undefined for any other field. */
export function variableFor(field: string): string | undefined {
  if (field === 'code_challenge') return VARIABLES.code_challenge?.name;
  if (!SECRET_FIELDS.has(field)) return undefined;
  return VARIABLES[field]?.name ?? field.toUpperCase();
}

/** One shell word: literal text single-quoted (a quote written '\''), variables as "$NAME". */
export function shellWord(parts: WordPart[]): string {
  const word = parts.map((part) => ('variable' in part ? `"$${part.variable}"` : part.text === '' ? '' : `'${part.text.replaceAll("'", `'\\''`)}'`)).join('');
  return word === '' ? "''" : word;
}

export const shellQuote = (text: string): string => shellWord([{ text }]);

/** The request's URL, with the value of each secret query parameter (a link's verification_code) a variable. */
export function urlWord(href: string): WordPart[] {
  const queryAt = href.indexOf('?');
  if (queryAt < 0) return [{ text: href }];
  const hashAt = href.indexOf('#', queryAt);
  const query = href.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt);
  const parts: WordPart[] = [{ text: href.slice(0, queryAt + 1) }];
  query.split('&').forEach((pair, i) => {
    const sep = i === 0 ? '' : '&';
    const eq = pair.indexOf('=');
    const variable = eq < 0 ? undefined : variableFor(decodeQueryName(pair.slice(0, eq)));
    parts.push(variable === undefined ? { text: sep + pair } : { text: sep + pair.slice(0, eq + 1) }, ...(variable ? [{ variable }] : []));
  });
  if (hashAt >= 0) parts.push({ text: href.slice(hashAt) });
  return merge(parts);
}

function decodeQueryName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** A header; an Authorization header keeps its scheme, its credentials become a variable. */
export function headerWord(name: string, value: string): WordPart[] {
  const lower = name.toLowerCase();
  if (lower === 'authorization') {
    const [scheme = '', ...rest] = value.split(' ');
    if (rest.length === 0) return [{ text: `${name}: ` }, { variable: 'AUTHORIZATION' }];
    return [{ text: `${name}: ${scheme} ` }, { variable: scheme.toLowerCase() === 'bearer' ? 'ACCESS_TOKEN' : 'CREDENTIALS' }];
  }
  if (lower === 'cookie') return [{ text: `${name}: ` }, { variable: 'COOKIE' }];
  return [{ text: `${name}: ${value}` }];
}

/** A JSON body, re-serialized so that each secret string is a variable inside its quotes. */
export function jsonWord(value: unknown): WordPart[] {
  return merge(jsonParts(value));
}

function jsonParts(value: unknown): WordPart[] {
  if (Array.isArray(value)) return [{ text: '[' }, ...value.flatMap((v, i) => [...(i ? [{ text: ',' }] : []), ...jsonParts(v)]), { text: ']' }];
  if (value === null || typeof value !== 'object') return [{ text: JSON.stringify(value) }];
  const members = Object.entries(value).flatMap(([key, v], i) => {
    const variable = typeof v === 'string' ? variableFor(key) : undefined;
    const head: WordPart = { text: `${i ? ',' : ''}${JSON.stringify(key)}:` };
    return variable ? [head, { text: '"' }, { variable }, { text: '"' }] : [head, ...jsonParts(v)];
  });
  return [{ text: '{' }, ...members, { text: '}' }];
}

function merge(parts: WordPart[]): WordPart[] {
  const merged: WordPart[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if ('text' in part && last !== undefined && 'text' in last) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}

/** The curl arguments of a body: each form field a --data-urlencode (secrets as variables), JSON as one --data. */
function bodyArgs(body: string, contentType: string | undefined): Arg[] {
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    // curl encodes what follows the first '=' (curl(1), --data-urlencode "name=content").
    return [...new URLSearchParams(body)].flatMap(([key, value]): Arg[] => {
      const variable = variableFor(key);
      return ['--data-urlencode', variable ? [{ text: `${key}=` }, { variable }] : [{ text: `${key}=${value}` }]];
    });
  }
  if (contentType?.includes('application/json')) {
    try {
      return ['--data', jsonWord(JSON.parse(body))];
    } catch {
      // Not JSON after all: sent as it is, below.
    }
  }
  // --data-raw: a body that starts with @ is sent as it is, not read from a file.
  return ['--data-raw', [{ text: body }]];
}

/** A flag as it is, or a word to quote. */
type Arg = string | WordPart[];

/**
 * One request as one line of sh: silent but for errors (-sS), with the status line and headers
 * (-i), following no redirect (no -L, as pwless), the method only when curl would not infer it.
 * Also returns the variables it uses, in order of first use.
 */
export function curlCommand(req: Pick<TraceRequest, 'method' | 'url' | 'headers' | 'body'>): { command: string; variables: string[] } {
  const args: Arg[] = ['curl', '-sS', '-i'];
  const inferred = req.body !== undefined ? 'POST' : 'GET';
  if (req.method !== inferred) args.push('-X', req.method);
  args.push(urlWord(req.url));
  for (const [name, value] of Object.entries(req.headers)) args.push('-H', headerWord(name, value));
  if (req.body !== undefined) args.push(...bodyArgs(req.body, req.headers['content-type']));
  const words = args.filter((a): a is WordPart[] => typeof a !== 'string');
  const variables = [...new Set(words.flat().flatMap((p) => ('variable' in p ? [p.variable] : [])))];
  return { command: args.map((a) => (typeof a === 'string' ? a : shellWord(a))).join(' '), variables };
}

export interface CurlRecorder extends TraceSink {
  /** The commands so far, in the order the requests were sent. */
  commands(): string[];
  /** The block for stderr: what to set, then each command after a comment with what pwless got. */
  lines(): string[];
}

interface Entry {
  method: string;
  path: string;
  command: string;
  variables: string[];
  outcome: string;
}

export function curlRecorder(): CurlRecorder {
  const entries: Entry[] = [];
  const byRequest = new Map<TraceRequest, Entry>();
  return {
    request(req) {
      const { command, variables } = curlCommand(req);
      const entry: Entry = { method: req.method, path: new URL(req.url).pathname, command, variables, outcome: 'no answer yet' };
      entries.push(entry);
      byRequest.set(req, entry);
    },
    response(res) {
      const entry = byRequest.get(res.request);
      if (entry) entry.outcome = `HTTP ${res.status}`;
    },
    failure(req, error) {
      const entry = byRequest.get(req);
      if (entry) entry.outcome = `no response (${error.code})`;
    },
    commands: () => entries.map((e) => e.command),
    lines: () => curlLines(entries),
  };
}

function curlLines(entries: Entry[]): string[] {
  const noun = entries.length === 1 ? 'request' : 'requests';
  const lines = [`# --curl: the ${entries.length} ${noun} of this run, in order, for POSIX sh (like pwless, curl follows no redirect without -L).`];
  const variables = [...new Set(entries.flatMap((e) => e.variables))];
  if (variables.length > 0) lines.push('# The variables to set (pwless printed none of their values):', ...variableLines(variables, entries));
  entries.forEach((entry, i) => {
    lines.push(`# ${i + 1}. ${entry.method} ${entry.path}: pwless got ${entry.outcome}`, entry.command);
  });
  return lines;
}

/** One line per variable; the two halves of a PKCE pair share one, with the commands that make a pair. */
function variableLines(variables: string[], entries: Entry[]): string[] {
  const pkce = ['CODE_VERIFIER', 'CODE_CHALLENGE'];
  const shown = variables.flatMap((name, i) => {
    if (!pkce.includes(name)) return [{ name, meaning: meaningOf(name, entries) }];
    if (variables.findIndex((v) => pkce.includes(v)) !== i) return [];
    return [{ name: pkce.join(', '), meaning: `a PKCE pair (RFC 7636 §4.1-4.2): ${PKCE_PAIR}` }];
  });
  const width = Math.max(...shown.map((v) => v.name.length));
  return shown.map(({ name, meaning }) => `#   ${name.padEnd(width)}  ${meaning}`);
}

function meaningOf(variable: string, entries: Entry[]): string {
  const known = Object.values(VARIABLES).find((v) => v.name === variable);
  // With the emulator, the message is in its outbox: say which answer holds it.
  const outbox = entries.findIndex((e) => e.path.startsWith('/__emulator/outbox'));
  const where = outbox < 0 ? '' : ` (here: in messages[0].${variable === 'OTP' ? 'code' : 'link'} of the answer to request ${outbox + 1})`;
  if (known) return variable === 'OTP' || variable === 'VERIFICATION_CODE' ? `${known.meaning}${where}` : known.meaning;
  if (variable === 'AUTHORIZATION' || variable === 'CREDENTIALS') return 'the credentials of the Authorization header';
  if (variable === 'COOKIE') return 'the Cookie header';
  return `the ${variable.toLowerCase()} pwless sent`;
}
