/**
 * What both logout endpoints answer once they know where the browser goes: a 302 that keeps the
 * destination out of the next request's Referer, or, with nowhere to go, a small page saying the
 * user is logged out (docs/emulator.md "GET /v2/logout", "GET and POST /oidc/logout"). Like the
 * error pages (error-page.ts) it is inert: no script, no link, a CSP that loads nothing.
 */
import type { Reply } from './respond.ts';

/** The 302 to an allowed logout URL. */
export function logoutRedirect(location: string): Reply {
  return { status: 302, headers: { location, 'referrer-policy': 'no-referrer' } };
}

/**
 * The 200 page "You are logged out"; `comeBack` is one plain-text sentence saying which parameters
 * bring the browser back to the application (it is written as is: no request data in it).
 */
export function loggedOutPage(endpoint: string, comeBack: string): Reply {
  const text = [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="pwless-page" content="logged_out"><title>Logged out</title></head>',
    '<body><h1>You are logged out</h1>',
    `<p>${comeBack}</p>`,
    `<hr><small>pwless emulator (a test double of an Auth0 tenant): ${endpoint} answered 200.</small>`,
    '</body></html>',
    '',
  ].join('\n');
  return {
    status: 200,
    headers: { 'content-security-policy': "default-src 'none'", 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' },
    raw: { contentType: 'text/html; charset=utf-8', text },
  };
}
