/**
 * The one place that writes HTML error pages: the answers of GET /passwordless/verify_redirect
 * when it refuses a link, of GET /authorize before it knows where it may redirect, and of the two
 * logout endpoints when they will not redirect. A browser, not an API client, follows a magic link, so a refusal is a
 * small page rather than JSON; and it is never a redirect, because the refused `redirect_uri` may
 * be one the application does not own (RFC 6749 §4.1.2.1, §10.15 "open redirectors"). Auth0's own
 * answers are unknown (docs/auth0-behaviour.md, B-LINK-4).
 *
 * Each kind of refusal has a fixed status and heading: clients (the pwless CLI quotes
 * `<h1> — <p>`) and tests match on the heading, while the paragraph adds the detail and the fix.
 * Handlers throw a {@link PageError}; server.ts turns it into a reply with {@link pageReply}.
 */
import type { Reply } from './respond.ts';

/** Status and heading of every kind of refused link. */
export const LINK_REFUSALS = {
  used: { status: 403, heading: 'This link has already been used' },
  expired: { status: 403, heading: 'This link has expired' },
  superseded: { status: 403, heading: 'A newer link has been sent' },
  exhausted: { status: 403, heading: 'Too many attempts' },
  invalid: { status: 400, heading: 'This link is not valid' },
  callback_mismatch: { status: 400, heading: 'Callback URL mismatch' },
  incomplete: { status: 400, heading: 'This link is incomplete' },
  unknown_client: { status: 400, heading: 'Unknown application' },
  unknown_connection: { status: 400, heading: 'Unknown connection' },
  connection_disabled: { status: 400, heading: 'Connection not enabled for this application' },
  unsupported_response: { status: 400, heading: 'Unsupported response type' },
  grant_not_allowed: { status: 400, heading: 'Grant type not allowed' },
  invalid_scope: { status: 400, heading: 'Invalid scope' },
  invalid_pkce: { status: 400, heading: 'Invalid PKCE parameters' },
  signup_disabled: { status: 403, heading: 'Sign ups are disabled' },
  mfa_required: { status: 403, heading: 'Multifactor authentication required' },
  // The Universal Login page's form posts (actions/login-page.ts).
  login_expired: { status: 400, heading: 'This login has expired' },
  login_forged: { status: 403, heading: 'The form could not be verified' },
  // GET /v2/logout with a returnTo the client does not allow (B-LOGOUT-3): Auth0's page heading.
  invalid_return_to: { status: 400, heading: 'Oops!, something went wrong' },
  // GET and POST /oidc/logout (B-LOGOUT-5, B-LOGOUT-6): the same heading, the details are the emulator's (E-LOGOUT-1).
  invalid_post_logout_redirect_uri: { status: 400, heading: 'Oops!, something went wrong' },
  invalid_id_token_hint: { status: 400, heading: 'Oops!, something went wrong' },
  logout_client_mismatch: { status: 400, heading: 'Oops!, something went wrong' },
  invalid_logout_request: { status: 400, heading: 'Oops!, something went wrong' },
} as const;

export type LinkRefusal = keyof typeof LINK_REFUSALS;

/** A refused link: thrown by the verify_redirect handler, written by {@link pageReply}. */
export class PageError extends Error {
  readonly kind: LinkRefusal;
  readonly status: number;
  readonly heading: string;
  /** One paragraph: what exactly was wrong, and how to fix it. Plain text (escaped on output). */
  readonly detail: string;
  /** The endpoint that refused, named in the page's footer. */
  readonly endpoint: string;

  constructor(kind: LinkRefusal, detail: string, endpoint = 'GET /passwordless/verify_redirect') {
    const { status, heading } = LINK_REFUSALS[kind];
    super(`${heading}: ${detail}`);
    this.kind = kind;
    this.status = status;
    this.heading = heading;
    this.detail = detail;
    this.endpoint = endpoint;
  }

  override get name(): string {
    return 'PageError';
  }
}

/** Shorthand for `new PageError(kind, detail)`, so handlers read `throw refused('used', …)`. */
export function refused(kind: LinkRefusal, detail: string, endpoint?: string): PageError {
  return new PageError(kind, detail, endpoint);
}

/**
 * Escapes text for an element's content: only `&`, `<` and `>` need it there, so quotes and
 * apostrophes stay readable to clients that strip the tags without decoding entities.
 */
function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page: `<title>` and `<h1>` are the heading, the first `<p>` the detail. The kind is also in
 * a `<meta>` for scripts that prefer a stable token to the English heading. Nothing on it is
 * active: no script, no link to follow, and a CSP that forbids loading anything.
 */
export function pageReply(err: PageError): Reply {
  const heading = escapeHtml(err.heading);
  const text = [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="pwless-error" content="${err.kind}"><title>${heading}</title></head>`,
    `<body><h1>${heading}</h1>`,
    `<p>${escapeHtml(err.detail)}</p>`,
    `<hr><small>pwless emulator (a test double of an Auth0 tenant): ${escapeHtml(err.endpoint)} answered ${err.status}.</small>`,
    '</body></html>',
    '',
  ].join('\n');
  return {
    status: err.status,
    headers: {
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    raw: { contentType: 'text/html; charset=utf-8', text },
  };
}
