/**
 * Following a magic link without a browser (docs/auth0-behaviour.md, B-LINK-1): request the link, take the Location
 * of its 302 without following it, and read the callback's parameters there: `code` and `state`
 * in the query, or tokens and `state` in the fragment for the implicit response types. Anything
 * else is the tenant refusing the link, and says why.
 */
import { pageRefusalReason } from './code-refusal.ts';
import { CodeRejectedError, NetworkError, UsageError } from './errors.ts';
import { send, type HttpOptions } from './http.ts';
import { checkTenantError } from './response.ts';
import { firstLineOf, pageText } from './response-text.ts';

export interface CallbackParams {
  /** Where the tenant sent the browser, without its query and fragment. */
  redirectTo: string;
  params: Record<string, string>;
  /** `query` for response_type=code, `fragment` for the implicit types. */
  via: 'query' | 'fragment';
}

/** A verify_redirect URL inside a message (plain text or HTML, where & is written &amp;). */
const LINK = /https?:\/\/[^\s"'<>]+\/passwordless\/verify_redirect\?[^\s"'<>]+/g;

/**
 * Finds a magic link in a message text, if there is one: the first that parses as a URL whose path
 * is still the verify_redirect endpoint (`http://\\/passwordless/…` parses with the host "passwordless").
 */
export function findLink(text: string): URL | undefined {
  for (const [match] of text.matchAll(LINK)) {
    const url = URL.parse(withoutTrailingProse(match).replace(/&amp;/g, '&'));
    if (url?.pathname.endsWith('/passwordless/verify_redirect')) return url;
  }
  return undefined;
}

/**
 * A plain-text message puts prose right after a link: "Sign in (URL)" (the emulator's text part,
 * docs/emulator.md "Real delivery"), "…here: URL." — trailing punctuation and a `)` that closes
 * nothing opened in the link are not part of it, as GitHub's autolinks decide
 * (https://github.github.com/gfm/#extended-autolink-path-validation).
 */
function withoutTrailingProse(candidate: string): string {
  let link = candidate;
  for (;;) {
    const last = link.at(-1);
    const unbalanced = last === ')' && link.split('(').length < link.split(')').length;
    if (last === undefined || !('.,;:!?'.includes(last) || unbalanced)) return link;
    link = link.slice(0, -1);
  }
}

/** The link given on the command line or stdin: a bare URL, or a message that holds one. */
export function parseLink(input: string, flag = '--link'): URL {
  const text = input.trim();
  const found = findLink(text);
  if (found) return found;
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // not a URL: said below
  }
  throw new UsageError(`${flag}: ${JSON.stringify(withoutCodes(text).slice(0, 80))} is not a link.`, {
    code: 'invalid_link',
    hint: 'Give the whole URL from the message, in quotes.',
  });
}

/**
 * What was read, fit to quote in an error: a pasted message or a link that lost its scheme still
 * holds the code, so the values of secret parameters and lone 4–10 digit numbers (what a code
 * looks like) are masked (docs/network.md "Where secrets may appear").
 */
function withoutCodes(text: string): string {
  return text
    .replace(/\b(verification_code|code|otp|access_token|id_token|refresh_token)=[^&#\s]*/g, '$1=••••')
    .replace(/(?<![\w-])\d{4,10}(?![\w-])/g, '••••');
}

export async function followLink(link: URL, http: HttpOptions): Promise<CallbackParams> {
  const res = await send({ method: 'GET', url: link, headers: { accept: 'text/html' } }, http);
  const location = res.headers.location;
  if (res.status >= 300 && res.status < 400 && location) {
    const target = new URL(location, link);
    const fragment = new URLSearchParams(target.hash.replace(/^#/, ''));
    const via = fragment.size > 0 ? 'fragment' : 'query';
    const params = Object.fromEntries(via === 'fragment' ? fragment : target.searchParams);
    return { redirectTo: `${target.origin}${target.pathname}`, params, via };
  }
  if (res.status >= 400 && res.status < 500) {
    const text = pageText(res.text);
    throw new CodeRejectedError(`The tenant rejected the link: ${text || `HTTP ${res.status}`}`, {
      code: 'link_rejected',
      status: res.status,
      body: { error: 'link_rejected', error_description: text },
      reason: pageRefusalReason(res.text, text),
      hint: 'A link works once, only while its code is valid, and only the latest one sent: send a new one with `pwless start --send link`.',
    });
  }
  // A 5xx is the server failing, as for any endpoint; anything else that is no redirect is no answer to a link.
  if (res.status >= 500) checkTenantError(res, 'GET /passwordless/verify_redirect');
  const line = firstLineOf(res.text, res.headers['content-type']);
  throw new NetworkError(`The link answered HTTP ${res.status}${location ? '' : ' without a redirect'}${line ? `: ${line}` : ''}.`, {
    code: 'invalid_response',
    status: res.status,
    hint: 'A magic link of an Auth0 tenant answers with a redirect to the callback: check that the link is the one from the message.',
  });
}
