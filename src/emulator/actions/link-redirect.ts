/**
 * Where a valid magic link sends the browser (docs/auth0-behaviour.md, B-LINK-3): a 302 to the
 * `redirect_uri` carrying
 * - for `response_type=code`: `code` and `state` (RFC 6749 §4.1.2), in the query unless
 *   `response_mode=fragment`; the code is exchanged at /oauth/token (token-authorization-code.ts);
 * - for the implicit types: in the fragment, `access_token`, `token_type`, `expires_in` (with
 *   `token`), `id_token` (with `id_token` and the `openid` scope), `scope` and `state`
 *   (RFC 6749 §4.2.2, OIDC Core §3.2.2.5).
 * No refresh token, ever ("No refresh token is ever issued via magic link", docs/auth0-behaviour.md B-LINK-5): the
 * `offline_access` scope is dropped from what is granted.
 *
 * GET /authorize with a login ticket (authorize.ts) ends the same way, and may also ask for
 * `response_mode=form_post` (OAuth 2.0 Form Post Response Mode): an HTML page that posts the
 * parameters to the `redirect_uri`; or `response_mode=web_message`, what auth0.js `checkSession`
 * and auth0-spa-js `getTokenSilently` ask in a hidden iframe: a page that hands them to the window
 * that opened it by `postMessage` (docs/auth0-behaviour.md, B-AUTHZ-4). Its refusals, once the
 * redirect URI is known to be allowed, go there too as `error` and `error_description`
 * (RFC 6749 §4.1.2.1, §4.2.2.1).
 */
import { createHash } from 'node:crypto';
import type { EmulatorContext } from '../context.ts';
import type { Reply } from '../respond.ts';
import { ACCESS_TOKEN_TTL_SECONDS, hasScope, signAccessToken, signIdToken, type TokenGrant } from '../tokens.ts';
import { epochSeconds } from '../clock.ts';
import type { User } from '../users.ts';
import type { LinkQuery } from './link-query.ts';

export type ResponseMode = 'query' | 'fragment' | 'form_post' | 'web_message';

/** What a redirect carries: a followed link's query, or an /authorize request's. */
export type RedirectRequest = Omit<LinkQuery, 'connection' | 'recipient' | 'code' | 'binding' | 'responseMode'> & { responseMode: ResponseMode };

/** Where refusals go once the redirect URI is allowed: its mode, and the state to echo. */
export type RedirectTarget = Pick<RedirectRequest, 'redirectUri' | 'responseMode' | 'state'>;

/** The granted scope: the link's, without `offline_access` (no refresh token from a link, B-LINK-5). */
export function linkScope(scope: string): string {
  return scope
    .split(' ')
    .filter((name) => name !== '' && name !== 'offline_access')
    .join(' ');
}

/** The redirect URI with the parameters added, keeping its own query as it is (RFC 6749 §3.1.2). */
function redirectLocation(redirectUri: string, params: [string, string][], mode: 'query' | 'fragment'): string {
  const url = new URL(redirectUri);
  const encoded = new URLSearchParams(params).toString();
  if (mode === 'fragment') url.hash = encoded;
  else url.search = url.search === '' ? encoded : `${url.search.slice(1)}&${encoded}`;
  return url.href;
}

function withState(params: [string, string][], link: RedirectTarget): [string, string][] {
  return link.state === undefined ? params : [...params, ['state', link.state]];
}

/** `response_type=code`: a new authorization code bound to everything the exchange must match. */
function codeParams(emu: EmulatorContext, link: RedirectRequest, user: User, now: number): [string, string][] {
  const code = emu.authCodes.issue(
    {
      client_id: link.client.client_id,
      redirect_uri: link.redirectUri,
      user_id: user.user_id,
      scope: linkScope(link.scope),
      audience: link.audience,
      nonce: link.nonce,
      code_challenge: link.codeChallenge,
      code_challenge_method: link.codeChallengeMethod,
    },
    now,
  );
  return [['code', code]];
}

/** The implicit types: the tokens themselves, minted now. */
async function implicitParams(emu: EmulatorContext, link: RedirectRequest, user: User): Promise<[string, string][]> {
  const grant: TokenGrant = { client: link.client, user, scope: linkScope(link.scope), audience: link.audience, nonce: link.nonce };
  const iat = epochSeconds(emu.clock);
  const params: [string, string][] = [];
  const accessToken = link.responseType.token ? await signAccessToken(emu, grant, iat) : undefined;
  if (accessToken !== undefined) params.push(['access_token', accessToken]);
  if (link.responseType.idToken && hasScope(grant.scope, 'openid')) params.push(['id_token', await signIdToken(emu, grant, iat, accessToken)]);
  params.push(['scope', grant.scope]);
  if (accessToken !== undefined) params.push(['expires_in', String(ACCESS_TOKEN_TTL_SECONDS)], ['token_type', 'Bearer']);
  return params;
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SUBMIT_SCRIPT = 'document.forms[0].submit();';
const SUBMIT_SCRIPT_HASH = createHash('sha256').update(SUBMIT_SCRIPT).digest('base64');

/** `response_mode=form_post`: a page whose one script posts the parameters; a button without script. */
function formPost(redirectUri: string, params: [string, string][]): Reply {
  const inputs = params.map(([name, value]) => `<input type="hidden" name="${escapeAttribute(name)}" value="${escapeAttribute(value)}">`);
  const text = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Continue to the application</title></head><body>',
    `<form method="post" action="${escapeAttribute(redirectUri)}">`,
    ...inputs,
    '<noscript><button type="submit">Continue</button></noscript></form>',
    `<script>${SUBMIT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
  return {
    status: 200,
    headers: { 'content-security-policy': `default-src 'none'; script-src 'sha256-${SUBMIT_SCRIPT_HASH}'`, 'referrer-policy': 'no-referrer' },
    raw: { contentType: 'text/html; charset=utf-8', text },
  };
}

/**
 * The one script of the web_message page: it reads the response from the page's JSON data block
 * and posts `{type: "authorization_response", response}` to the opener (a popup) or the parent (an
 * iframe), for the redirect URI's origin only. The shape is what auth0.js's web-message handler
 * checks (auth0/auth0.js `src/web-auth/web-message-handler.js`: `type`, `response.state`) and
 * auth0-spa-js's `runIframe` reads (auth0/auth0-spa-js `src/utils.ts`).
 */
const POST_MESSAGE_SCRIPT =
  "const d = JSON.parse(document.getElementById('authorization-response').textContent);" +
  " (window.opener || window.parent).postMessage({ type: 'authorization_response', response: d.response }, d.origin);";
const POST_MESSAGE_SCRIPT_HASH = createHash('sha256').update(POST_MESSAGE_SCRIPT).digest('base64');

/** `response_mode=web_message`: a page whose one script posts the parameters to the window that asked. */
function webMessage(redirectUri: string, params: [string, string][]): Reply {
  // A JSON data block is not run; `<` escaped so that no value can end it.
  const data = JSON.stringify({ origin: new URL(redirectUri).origin, response: Object.fromEntries(params) }).replace(/</g, '\\u003c');
  const text = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Authorization response</title></head><body>',
    `<script type="application/json" id="authorization-response">${data}</script>`,
    `<script>${POST_MESSAGE_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
  return {
    status: 200,
    headers: { 'content-security-policy': `default-src 'none'; script-src 'sha256-${POST_MESSAGE_SCRIPT_HASH}'`, 'referrer-policy': 'no-referrer' },
    raw: { contentType: 'text/html; charset=utf-8', text },
  };
}

/** The answer that hands `params` (and `state`) to the redirect URI in the response mode. */
function deliverParams(target: RedirectTarget, params: [string, string][]): Reply {
  const all = withState(params, target);
  if (target.responseMode === 'form_post') return formPost(target.redirectUri, all);
  if (target.responseMode === 'web_message') return webMessage(target.redirectUri, all);
  const location = redirectLocation(target.redirectUri, all, target.responseMode);
  // The next page must not leak the link (its code) through Referer.
  return { status: 302, headers: { location, 'referrer-policy': 'no-referrer' } };
}

/** A refusal sent to an allowed redirect URI: `error`, `error_description`, `state`. */
export function errorRedirect(target: RedirectTarget, error: string, description: string): Reply {
  return deliverParams(target, [
    ['error', error],
    ['error_description', description],
  ]);
}

/** The 302 of a valid link (or the form_post page of an /authorize request). */
export async function linkRedirect(emu: EmulatorContext, link: RedirectRequest, user: User, now: number): Promise<Reply> {
  const params = link.responseType.code ? codeParams(emu, link, user, now) : await implicitParams(emu, link, user);
  return deliverParams(link, params);
}
