/**
 * GET and POST /oidc/logout: OpenID Connect RP-Initiated Logout 1.0, Auth0's
 * `end_session_endpoint` ("OIDC Logout", https://auth0.com/docs/api/authentication/logout/oidc-logout;
 * docs/auth0-behaviour.md B-LOGOUT-5, B-LOGOUT-6; docs/emulator.md "GET and POST /oidc/logout").
 * The spec (§2) has the OP take both methods, GET with the query and POST with a form body. The
 * emulator keeps no sessions, so logging out only decides where the browser goes:
 * - `id_token_hint` must be an ID token of this emulator (id-token-hint.ts); it names the client.
 *   With `client_id` too, both must name the same client ("the client_id value must match the aud
 *   claim from the id_token_hint").
 * - `post_logout_redirect_uri` must be one of that client's Allowed Logout URLs (logout-urls.ts,
 *   as `returnTo` at /v2/logout); then a 302 to it with `state` added (§3). Otherwise a page.
 * - Without it: with `client_id`, the first Allowed Logout URL as /v2/logout does (B-LOGOUT-4);
 *   else the page "You are logged out".
 * `logout_hint` (a session id), `ui_locales` and `federated` are accepted and ignored: there is
 * no session to match and one language. Unknown parameters are ignored (RFC 6749 §3.1).
 * A navigation, not a CORS endpoint (cors.ts), like /v2/logout.
 */
import type { EmulatorContext, Handler, HandlerRequest } from '../context.ts';
import { refused } from '../error-page.ts';
import { invalidRequest, OAuthError } from '../errors.ts';
import { clip, parseForm } from '../form.ts';
import { mediaType, readBody } from '../http-body.ts';
import { hintedClient } from '../id-token-hint.ts';
import { loggedOutPage, logoutRedirect } from '../logged-out-page.ts';
import { firstLogoutUrl, logoutUrlAllowed } from '../logout-urls.ts';
import type { Reply } from '../respond.ts';
import { findClient } from '../tenant.ts';

const COME_BACK =
  "Pass post_logout_redirect_uri (one of the application's Allowed Logout URLs) with id_token_hint or client_id to come back to the application.";

/** The emulator's sentence for a refused `post_logout_redirect_uri`, shaped like Auth0's for `returnTo` (E-LOGOUT-1). */
export function postLogoutRedirectRefusal(uri: string): string {
  return `The "post_logout_redirect_uri" parameter "${uri}" is not defined as a valid URL in "Allowed Logout URLs".`;
}

type Params = Record<string, string | undefined>;

/** Strings only, an empty value as absent; a malformed request is a page. */
function paramsOf(parse: () => Record<string, unknown>, endpoint: string): Params {
  let raw: Record<string, unknown>;
  try {
    raw = parse();
  } catch (err) {
    if (err instanceof OAuthError) throw refused('invalid_logout_request', err.description, endpoint);
    throw err;
  }
  const params: Params = Object.create(null);
  for (const [name, value] of Object.entries(raw)) params[name] = value === '' ? undefined : String(value);
  return params;
}

/** The body's text, strictly UTF-8 (an invalid byte is a refusal, not a replacement character). */
function utf8Form(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw invalidRequest('The request body is not valid UTF-8.');
  }
}

/** A POST's form body (§2: "serialized using Form Serialization"); an empty body without a type is no parameters. */
async function formBody(req: HandlerRequest, endpoint: string): Promise<Params> {
  const type = mediaType(req.raw);
  if (type !== 'application/x-www-form-urlencoded' && type !== '') {
    throw refused('invalid_logout_request', `Send the parameters as an application/x-www-form-urlencoded body, not ${clip(type, 40)}.`, endpoint);
  }
  // A body over the size limit stays the emulator-wide 413 (docs/emulator.md "Everything else").
  const body = await readBody(req.raw);
  return paramsOf(() => parseForm(utf8Form(body)), endpoint);
}

/** The URI with `state` added to its query, its own query and fragment kept (§3). */
function withState(uri: string, state: string | undefined): string {
  if (state === undefined) return uri;
  const url = new URL(uri);
  const added = new URLSearchParams([['state', state]]).toString();
  url.search = url.search === '' ? added : `${url.search.slice(1)}&${added}`;
  return url.href;
}

async function endSession(emu: EmulatorContext, params: Params, endpoint: string): Promise<Reply> {
  const clientId = params.client_id;
  const named = clientId === undefined ? undefined : findClient(emu.tenant, clientId);
  if (clientId !== undefined && named === undefined) {
    throw refused('unknown_client', `No application has the client_id ${JSON.stringify(clip(clientId))}.`, endpoint);
  }
  const hinted = params.id_token_hint === undefined ? undefined : await hintedClient(emu, params.id_token_hint, endpoint);
  if (named !== undefined && hinted !== undefined && named.client_id !== hinted.client_id) {
    throw refused(
      'logout_client_mismatch',
      `The client_id "${named.client_id}" is not the application the id_token_hint was issued to ("${hinted.client_id}"); send the ID token of this application, or leave client_id out.`,
      endpoint,
    );
  }
  const client = named ?? hinted;
  const uri = params.post_logout_redirect_uri;
  if (uri !== undefined) {
    if (client === undefined || !logoutUrlAllowed(client, uri)) throw refused('invalid_post_logout_redirect_uri', postLogoutRedirectRefusal(uri), endpoint);
    return logoutRedirect(withState(uri, params.state));
  }
  const first = named === undefined ? undefined : firstLogoutUrl(named);
  if (first !== undefined) return logoutRedirect(withState(first, params.state));
  return loggedOutPage(endpoint, COME_BACK);
}

/** GET /oidc/logout: the parameters in the query, parsed strictly (form.ts). */
export const oidcLogout: Handler = async (req, emu) => {
  const endpoint = 'GET /oidc/logout';
  return endSession(
    emu,
    paramsOf(() => parseForm(req.url.search.replace(/^\?/, '')), endpoint),
    endpoint,
  );
};

/** POST /oidc/logout: the parameters in the form body; the query is not read. */
export const oidcLogoutPost: Handler = async (req, emu) => {
  const endpoint = 'POST /oidc/logout';
  return endSession(emu, await formBody(req, endpoint), endpoint);
};
