/**
 * The expectations of `pwless smoke`, parsed before anything is sent and checked against the
 * tokens of a run: --expect-claim name=value (a dot path into the ID token's claims, or
 * `access_token.<path>` into a JWT access token; the value compared as JSON when it parses as
 * JSON, else as a string), --expect-claim-absent, --expect-scope, --expect-ttl-min and
 * --expect-refresh-token (docs/smoke.md, "Assertions").
 */
import { AssertionFailedError, UsageError } from '../../core/errors.ts';
import { classifyToken } from '../../core/jwt-decode.ts';
import type { TokenSet } from '../../core/token-endpoint.ts';
import { assertionFailureText, type AssertionRecord } from '../../render/smoke.ts';
import { numberFlag } from '../number-flag.ts';

export type Expectation =
  | { kind: 'claim'; path: string; value: unknown }
  | { kind: 'absent'; path: string }
  | { kind: 'scope'; scope: string }
  | { kind: 'ttl'; minSeconds: number }
  | { kind: 'refresh_token' };

export interface ExpectationFlags {
  expectClaim?: string[] | undefined;
  expectClaimAbsent?: string[] | undefined;
  expectScope?: string[] | undefined;
  expectTtlMin?: string | undefined;
  expectRefreshToken?: boolean | undefined;
}

export function parseExpectations(flags: ExpectationFlags): Expectation[] {
  const expectations: Expectation[] = [];
  for (const spec of flags.expectClaim ?? []) {
    const eq = spec.indexOf('=');
    const path = eq > 0 ? spec.slice(0, eq).trim() : '';
    if (path === '' || path.startsWith('.') || path.endsWith('.')) {
      throw new UsageError(`--expect-claim ${JSON.stringify(spec)} is not name=value.`, {
        code: 'invalid_expect_claim',
        hint: "Write it as --expect-claim email_verified=true, --expect-claim 'https://example.com/roles=[\"admin\"]' or --expect-claim access_token.scope='openid email'.",
      });
    }
    expectations.push({ kind: 'claim', path, value: jsonOrString(spec.slice(eq + 1)) });
  }
  for (const path of flags.expectClaimAbsent ?? []) {
    if (path.trim() === '') throw new UsageError('--expect-claim-absent needs a claim name.', { code: 'invalid_expect_claim_absent' });
    expectations.push({ kind: 'absent', path: path.trim() });
  }
  for (const list of flags.expectScope ?? []) {
    const scopes = list.split(/\s+/).filter(Boolean);
    if (scopes.length === 0) throw new UsageError('--expect-scope needs a scope, e.g. --expect-scope offline_access.', { code: 'invalid_expect_scope' });
    for (const scope of scopes) expectations.push({ kind: 'scope', scope });
  }
  const ttl = numberFlag(flags.expectTtlMin, '--expect-ttl-min', { min: 0, max: 999_999_999, integer: true, unit: 'seconds' });
  if (ttl !== undefined) expectations.push({ kind: 'ttl', minSeconds: ttl });
  if (flags.expectRefreshToken === true) expectations.push({ kind: 'refresh_token' });
  return expectations;
}

function jsonOrString(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What the checks read: the token set, the ID token's claims, and the scope that was asked for. */
export interface Evidence {
  tokens: TokenSet;
  idClaims: Record<string, unknown> | undefined;
  requestedScope: string;
}

export function checkExpectations(expectations: readonly Expectation[], evidence: Evidence | undefined, notRunBecause: string): AssertionRecord[] {
  return expectations.map((e) => {
    const { name, expected } = describe(e);
    if (evidence === undefined) return { name, expected, found: `(not checked: ${notRunBecause})`, ok: null };
    return { name, expected, ...judge(e, evidence) };
  });
}

/** The exit-9 error for the failed ones, if any. */
export function assertionFailure(records: readonly AssertionRecord[]): AssertionFailedError | undefined {
  const failed = records.filter((r) => r.ok === false);
  if (failed.length === 0) return undefined;
  return new AssertionFailedError(assertionFailureText(failed), {
    code: 'assertion_failed',
    failed: failed.map(({ name, expected, found }) => ({ name, expected, found })),
    hint: 'The login itself worked: the tokens differ from what the --expect-… flags say. Check the tenant (Actions, Rules, API settings) or the expectation.',
  });
}

function describe(e: Expectation): { name: string; expected: string } {
  switch (e.kind) {
    case 'claim':
      return { name: `claim ${e.path}`, expected: JSON.stringify(e.value) };
    case 'absent':
      return { name: `absent claim ${e.path}`, expected: '(absent)' };
    case 'scope':
      return { name: `scope ${e.scope}`, expected: 'granted' };
    case 'ttl':
      return { name: 'access token ttl', expected: `at least ${e.minSeconds} s` };
    case 'refresh_token':
      return { name: 'refresh_token', expected: 'present' };
  }
}

function judge(e: Expectation, evidence: Evidence): { found: string; ok: boolean } {
  switch (e.kind) {
    case 'claim': {
      const found = claimAt(e.path, evidence);
      if ('unreadable' in found) return { found: found.unreadable, ok: false };
      return { found: found.value === undefined ? '(missing)' : JSON.stringify(found.value), ok: found.value !== undefined && sameJson(found.value, e.value) };
    }
    case 'absent': {
      const found = claimAt(e.path, evidence);
      if ('unreadable' in found) return { found: found.unreadable, ok: false };
      return { found: found.value === undefined ? '(absent)' : JSON.stringify(found.value), ok: found.value === undefined };
    }
    case 'scope': {
      const { scopes, from } = grantedScopes(evidence);
      return { found: `${scopes.join(' ') || '(none)'} (${from})`, ok: scopes.includes(e.scope) };
    }
    case 'ttl':
      return { found: `${evidence.tokens.expires_in} s (expires_in)`, ok: evidence.tokens.expires_in >= e.minSeconds };
    case 'refresh_token':
      return { found: evidence.tokens.refresh_token !== undefined ? 'present' : '(none returned)', ok: evidence.tokens.refresh_token !== undefined };
  }
}

/** The value at a claim path, or why the token cannot be read. */
function claimAt(path: string, evidence: Evidence): { value: unknown } | { unreadable: string } {
  if (path === 'access_token' || path.startsWith('access_token.')) {
    const access = classifyToken(evidence.tokens.access_token);
    if (access.format !== 'jwt')
      return { unreadable: `(the access token is ${access.format === 'jwe' ? 'an encrypted JWE' : 'opaque'}: give --audience <api> for a JWT)` };
    return { value: valueAt(access.claims as Record<string, unknown>, path.slice('access_token.'.length)) };
  }
  if (evidence.idClaims === undefined) return { unreadable: '(no ID token: add openid to --scope)' };
  return { value: valueAt(evidence.idClaims, path) };
}

/**
 * A dot path into claims. Namespaced claims such as `https://example.com/roles` hold dots
 * themselves, so at each level the longest key that the path starts with is taken first.
 */
export function valueAt(root: unknown, path: string): unknown {
  if (path === '') return root;
  if (root === null || typeof root !== 'object') return undefined;
  const keys = Object.keys(root).filter((k) => path === k || path.startsWith(`${k}.`));
  keys.sort((a, b) => b.length - a.length);
  for (const key of keys) {
    const value = valueAt((root as Record<string, unknown>)[key], path.slice(key.length + 1));
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The granted scope: the token response's `scope`; when it is left out, the requested one (RFC 6749 §5.1: "OPTIONAL, if identical"). */
function grantedScopes(evidence: Evidence): { scopes: string[]; from: string } {
  const returned = evidence.tokens.scope;
  if (returned !== undefined) return { scopes: returned.split(/\s+/).filter(Boolean), from: 'the token response' };
  return { scopes: evidence.requestedScope.split(/\s+/).filter(Boolean), from: 'not returned, so the requested scope (RFC 6749 §5.1)' };
}

/** JSON equality with object keys in any order. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
