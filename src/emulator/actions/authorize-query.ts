/**
 * The query of GET /authorize (OIDC Core §3.1.2.1, RFC 6749 §4.1.1, §4.2.1), checked in two
 * stages, as RFC 6749 §4.1.2.1 asks:
 *  1. before the emulator knows where it may redirect — the query parses strictly, `client_id`
 *     names a client, `redirect_uri` is one of its Allowed Callback URLs (callbacks.ts, as for
 *     magic links) — a refusal is an HTML page (error-page.ts), never a redirect;
 *  2. after it — the response type and mode, the grant they need, `nonce` for ID tokens, PKCE —
 *     a refusal goes to the redirect URI as `error` / `error_description` ({@link AuthorizeRefusal}).
 * Parameters the emulator does not use (`realm`, `username`, `auth0Client`, `protocol`, …, which
 * auth0.js sends along) are ignored, as RFC 6749 §3.1 asks.
 */
import { isAllowedCallback, redirectUriProblem } from '../callbacks.ts';
import { refused } from '../error-page.ts';
import { OAuthError } from '../errors.ts';
import { clip, parseForm } from '../form.ts';
import { challengeProblem } from '../pkce.ts';
import { findClient, grantAllowed, type Tenant, type TenantClient } from '../tenant.ts';
import { hasScope, normalizeScope } from '../tokens.ts';
import type { ResponseType } from './link-query.ts';
import type { RedirectRequest, RedirectTarget, ResponseMode } from './link-redirect.ts';

const ENDPOINT = 'GET /authorize';

/** The types the emulator serves (discovery lists exactly these). */
const RESPONSE_TYPES: Record<string, ResponseType> = {
  code: { code: true, token: false, idToken: false },
  token: { code: false, token: true, idToken: false },
  id_token: { code: false, token: false, idToken: true },
  'id_token token': { code: false, token: true, idToken: true },
};

/** A refusal of stage 2: where it goes, and what it says. */
export class AuthorizeRefusal extends Error {
  readonly target: RedirectTarget;
  readonly error: string;
  readonly description: string;

  constructor(target: RedirectTarget, error: string, description: string) {
    super(`${error}: ${description}`);
    this.target = target;
    this.error = error;
    this.description = description;
  }

  override get name(): string {
    return 'AuthorizeRefusal';
  }
}

export interface AuthorizeQuery {
  /** The checked request, what a success redirects with. */
  request: RedirectRequest;
  loginTicket: string | undefined;
  prompt: string | undefined;
  /** Every parameter as sent (the login page reads `connection`, `login_hint`, `send` and the link's authParams). */
  params: Readonly<Record<string, string | undefined>>;
}

type Query = Record<string, string | undefined>;

function parseQuery(search: string): Query {
  try {
    const query: Query = Object.create(null);
    for (const [key, value] of Object.entries(parseForm(search.replace(/^\?/, '')))) query[key] = value === '' ? undefined : String(value);
    return query;
  } catch (err) {
    if (err instanceof OAuthError) throw refused('invalid', err.description, ENDPOINT);
    throw err;
  }
}

function resolveClient(tenant: Tenant, clientId: string | undefined): TenantClient {
  if (clientId === undefined) throw refused('incomplete', 'Missing required parameter: client_id.', ENDPOINT);
  const client = findClient(tenant, clientId);
  if (client === undefined) throw refused('unknown_client', `No application has the client_id "${clip(clientId)}" in this tenant.`, ENDPOINT);
  return client;
}

function checkRedirectUri(client: TenantClient, redirectUri: string | undefined): string {
  if (redirectUri === undefined) throw refused('incomplete', 'Missing required parameter: redirect_uri.', ENDPOINT);
  const problem = redirectUriProblem(redirectUri);
  if (problem === undefined && isAllowedCallback(client.callbacks, redirectUri)) return redirectUri;
  const uri = clip(redirectUri, 120);
  if (problem !== undefined) throw refused('callback_mismatch', `The redirect_uri ${uri} cannot be an Allowed Callback URL: ${problem}.`, ENDPOINT);
  throw refused(
    'callback_mismatch',
    `The redirect_uri ${uri} is not an Allowed Callback URL of ${client.client_id}. Add it to the application's Allowed Callback URLs (tenant file: clients[].callbacks).`,
    ENDPOINT,
  );
}

function responseTypeOf(value: string | undefined): ResponseType | undefined {
  if (value === undefined) return undefined;
  const normalized = value.split(' ').filter(Boolean).sort().join(' ');
  return Object.hasOwn(RESPONSE_TYPES, normalized) ? RESPONSE_TYPES[normalized] : undefined;
}

/** The mode asked for, else the default of the type (query for code, fragment for tokens). */
function responseModeOf(value: string | undefined, type: ResponseType | undefined): ResponseMode | undefined {
  if (value === undefined) return type === undefined || type.code ? 'query' : 'fragment';
  return value === 'query' || value === 'fragment' || value === 'form_post' || value === 'web_message' ? value : undefined;
}

/** Stage 2: everything that can be refused by a redirect. */
function checkResponse(query: Query, client: TenantClient, target: RedirectTarget, type: ResponseType | undefined, rawMode: string | undefined): ResponseType {
  const refuse = (error: string, description: string) => new AuthorizeRefusal(target, error, description);
  if (rawMode !== undefined && responseModeOf(rawMode, type) === undefined) {
    throw refuse('invalid_request', `response_mode "${clip(rawMode)}" is not supported: use query, fragment, form_post or web_message.`);
  }
  if (query.response_type === undefined) throw refuse('invalid_request', 'Missing required parameter: response_type');
  if (type === undefined)
    throw refuse('unsupported_response_type', `response_type "${clip(query.response_type)}" is not supported: use code, token, id_token or "id_token token".`);
  // OAuth 2.0 Multiple Response Type Encoding Practices §5: tokens never go in the query.
  if (target.responseMode === 'query' && !type.code) throw refuse('invalid_request', 'response_mode=query cannot carry tokens: use fragment or form_post.');
  const grant = type.code ? 'authorization_code' : 'implicit';
  if (!grantAllowed(client, grant)) throw refuse('unauthorized_client', `Grant type '${grant}' not allowed for the client.`);
  const scope = normalizeScope(query.scope);
  if (type.idToken && !type.token && !hasScope(scope, 'openid')) throw refuse('invalid_scope', 'response_type=id_token needs "openid" in scope.');
  if (type.idToken && query.nonce === undefined) throw refuse('invalid_request', 'Missing required parameter: nonce (OIDC Core §3.2.2.1).');
  const pkce = type.code ? challengeProblem(query.code_challenge, query.code_challenge_method) : undefined;
  if (pkce !== undefined) throw refuse('invalid_request', pkce);
  return type;
}

/** Reads and checks the query: a PageError for stage 1, an AuthorizeRefusal for stage 2. */
export function readAuthorizeQuery(url: URL, tenant: Tenant): AuthorizeQuery {
  const query = parseQuery(url.search);
  const client = resolveClient(tenant, query.client_id);
  const redirectUri = checkRedirectUri(client, query.redirect_uri);
  const typeAsked = responseTypeOf(query.response_type);
  const target: RedirectTarget = { redirectUri, responseMode: responseModeOf(query.response_mode, typeAsked) ?? 'query', state: query.state };
  const responseType = checkResponse(query, client, target, typeAsked, query.response_mode);
  return {
    request: {
      client,
      redirectUri,
      responseType,
      responseMode: target.responseMode,
      scope: normalizeScope(query.scope),
      state: query.state,
      nonce: query.nonce,
      audience: query.audience,
      codeChallenge: responseType.code ? query.code_challenge : undefined,
      codeChallengeMethod: responseType.code ? query.code_challenge_method : undefined,
    },
    loginTicket: query.login_ticket,
    prompt: query.prompt,
    params: query,
  };
}
