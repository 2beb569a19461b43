/** Helpers of the magic-link tests: send a link, follow it without following the redirect. */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, NATIVE, postJson } from './helpers.ts';

export const CALLBACK = 'http://127.0.0.1:8484/callback';
export const VERIFIER = 'a'.repeat(43);
export const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

/** authParams of a code link with PKCE, as `pwless start --send link` sends for a public client. */
export function codeParams(extra: Record<string, string> = {}): Record<string, string> {
  return {
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid profile email',
    state: 'st-1',
    nonce: 'n-1',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  };
}

/** Sends a magic link by /passwordless/start and returns it, read from the outbox. */
export async function sendLink(
  emu: RunningEmulator,
  email: string,
  authParams: Record<string, unknown> = codeParams(),
  client: Record<string, string> = { client_id: NATIVE },
): Promise<URL> {
  const start = await postJson(emu, '/passwordless/start', { ...client, connection: 'email', email, send: 'link', authParams });
  expect(start.status, start.text).toBe(200);
  const outbox = await call(emu, `/__emulator/outbox?to=${encodeURIComponent(email)}`);
  return new URL(outbox.body.messages[0].link as string);
}

export interface Followed {
  status: number;
  headers: Headers;
  location: string | null;
  text: string;
  /** `<h1>` and the first `<p>` of an error page. */
  heading: string | undefined;
  paragraph: string | undefined;
}

/** GETs a link the way `pwless verify --link` does: the 302 is read, not followed. */
export async function follow(link: URL | string): Promise<Followed> {
  const res = await fetch(link, { redirect: 'manual' });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    location: res.headers.get('location'),
    text,
    heading: /<h1>([\s\S]*?)<\/h1>/.exec(text)?.[1],
    paragraph: /<p>([\s\S]*?)<\/p>/.exec(text)?.[1],
  };
}

/** A copy of the link with one query parameter changed (or removed with `null`). */
export function withParam(link: URL, name: string, value: string | null): URL {
  const copy = new URL(link);
  if (value === null) copy.searchParams.delete(name);
  else copy.searchParams.set(name, value);
  return copy;
}

/** Pins a refusal: status, heading (in <title> and <h1>), the HTML headers, and no redirect. */
export function expectPage(answer: Followed, status: number, heading: string, paragraph?: RegExp | string): void {
  expect({ status: answer.status, heading: answer.heading, location: answer.location }, answer.text).toEqual({ status, heading, location: null });
  expect(answer.text).toContain(`<title>${heading}</title>`);
  expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(answer.headers.get('cache-control')).toBe('no-store');
  if (typeof paragraph === 'string') expect(answer.paragraph).toBe(paragraph);
  else if (paragraph !== undefined) expect(answer.paragraph).toMatch(paragraph);
}

/** The parameters of a redirect's query or fragment. */
export function redirectParams(location: string, part: 'query' | 'fragment'): Record<string, string> {
  const url = new URL(location);
  return Object.fromEntries(part === 'query' ? url.searchParams : new URLSearchParams(url.hash.slice(1)));
}
