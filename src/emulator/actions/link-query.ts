/**
 * The query of GET /passwordless/verify_redirect (docs/auth0-behaviour.md, B-LINK-2: the keys auth0.js
 * `buildVerifyUrl` sends, plus PKCE's), checked before the code is looked at. The checks run in
 * this order, each refusal an HTML page (error-page.ts), never a redirect:
 *
 *  1. the query parses strictly (no parameter twice, valid percent-encoding) — "not valid";
 *  2. `client_id` is present and known — "incomplete" / "Unknown application";
 *  3. `redirect_uri` is present and one of the client's Allowed Callback URLs (callbacks.ts) —
 *     "incomplete" / "Callback URL mismatch". It comes this early because every later refusal
 *     is safe to show only once we know we will not redirect anywhere;
 *  4. `connection` is present, exists and is enabled for the client;
 *  5. `email` or `phone_number` (by the connection's strategy) and `verification_code` are present;
 *  6. `response_type` is present and one of `code`, `token`, `id_token`, `token id_token` (either
 *     order); `response_mode` fits it;
 *  7. the client has the grant the response type needs (`authorization_code` / `implicit`), as
 *     Auth0's /authorize requires (docs/auth0-behaviour.md, B-APP-6);
 *  8. an `id_token` response type has `openid` in scope (alone) and a `nonce` (OIDC Core
 *     §3.2.2.1: REQUIRED for implicit flows);
 *  9. for `code`, the PKCE parameters are S256 (pkce.ts).
 *
 * An empty value counts as absent, as on /oauth/token.
 */
import { isAllowedCallback, redirectUriProblem } from '../callbacks.ts';
import { refused } from '../error-page.ts';
import { OAuthError } from '../errors.ts';
import { clip, parseForm } from '../form.ts';
import { bindingOfQuery, type LinkBinding } from '../magic-link.ts';
import { challengeProblem } from '../pkce.ts';
import { findClient, findConnection, grantAllowed, isEnabledFor, type TenantClient, type TenantConnection, type Tenant } from '../tenant.ts';
import { hasScope, normalizeScope } from '../tokens.ts';

export interface ResponseType {
  code: boolean;
  token: boolean;
  idToken: boolean;
}

export interface LinkQuery {
  client: TenantClient;
  connection: TenantConnection;
  /** The email or phone number as the link carries it. */
  recipient: string;
  code: string;
  redirectUri: string;
  responseType: ResponseType;
  responseMode: 'query' | 'fragment';
  /** Normalized (tokens.ts `normalizeScope`); may be ''. */
  scope: string;
  state: string | undefined;
  nonce: string | undefined;
  audience: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: string | undefined;
  /** The values that must be as sent (magic-link.ts), taken from the raw query. */
  binding: LinkBinding;
}

const RESPONSE_TYPES: Record<string, ResponseType> = {
  code: { code: true, token: false, idToken: false },
  token: { code: false, token: true, idToken: false },
  id_token: { code: false, token: false, idToken: true },
  'id_token token': { code: false, token: true, idToken: true },
};

const FIX = 'Use the link exactly as it was sent, or send a new one with POST /passwordless/start.';

function parseQuery(search: string): Record<string, string | undefined> {
  try {
    const query: Record<string, string | undefined> = Object.create(null);
    for (const [key, value] of Object.entries(parseForm(search.replace(/^\?/, '')))) query[key] = value === '' ? undefined : String(value);
    return query;
  } catch (err) {
    if (err instanceof OAuthError) throw refused('invalid', `${err.description} ${FIX}`);
    throw err;
  }
}

function required(query: Record<string, string | undefined>, name: string): string {
  const value = query[name];
  if (value === undefined) throw refused('incomplete', `Missing required parameter: ${name}. ${FIX}`);
  return value;
}

function resolveClient(tenant: Tenant, clientId: string): TenantClient {
  const client = findClient(tenant, clientId);
  if (client === undefined) throw refused('unknown_client', `No application has the client_id "${clip(clientId)}" in this tenant. ${FIX}`);
  return client;
}

/** Kept short: clients quote the page's first paragraph, e.g. the pwless CLI up to 300 characters. */
function checkCallback(client: TenantClient, redirectUri: string): void {
  const problem = redirectUriProblem(redirectUri);
  if (problem === undefined && isAllowedCallback(client.callbacks, redirectUri)) return;
  const uri = clip(redirectUri, 120);
  if (problem !== undefined) {
    throw refused('callback_mismatch', `The redirect_uri ${uri} cannot be an Allowed Callback URL: ${problem}. Send the link with a valid redirect_uri.`);
  }
  const allowed = client.callbacks.length === 0 ? 'none' : clip(client.callbacks.join(', '), 120);
  throw refused(
    'callback_mismatch',
    `The redirect_uri ${uri} is not an Allowed Callback URL of ${client.client_id} (allowed: ${allowed}). ` +
      "Add it to the application's Allowed Callback URLs (tenant file: clients[].callbacks).",
  );
}

function resolveConnection(tenant: Tenant, client: TenantClient, name: string): TenantConnection {
  const connection = findConnection(tenant, name);
  if (connection === undefined) throw refused('unknown_connection', `The connection "${clip(name)}" does not exist in this tenant. ${FIX}`);
  if (!isEnabledFor(connection, client)) {
    throw refused(
      'connection_disabled',
      `The connection ${connection.name} is not enabled for the application ${client.client_id}: enable it (the tenant file's connections[].enabled_clients).`,
    );
  }
  return connection;
}

function responseTypeOf(value: string): ResponseType {
  const normalized = value.split(' ').filter(Boolean).sort().join(' ');
  const type = Object.hasOwn(RESPONSE_TYPES, normalized) ? RESPONSE_TYPES[normalized] : undefined;
  if (type === undefined) {
    throw refused(
      'unsupported_response',
      `response_type "${clip(value)}" is not supported by magic links here: use code, token, id_token or "token id_token".`,
    );
  }
  return type;
}

function responseModeOf(value: string | undefined, type: ResponseType): 'query' | 'fragment' {
  if (value === undefined) return type.code ? 'query' : 'fragment';
  if (value !== 'query' && value !== 'fragment') {
    throw refused('unsupported_response', `response_mode "${clip(value)}" is not supported by magic links here: use query or fragment.`);
  }
  // OAuth 2.0 Multiple Response Type Encoding Practices §5: tokens never go in the query.
  if (value === 'query' && !type.code) {
    throw refused('unsupported_response', 'response_mode=query cannot carry tokens (they would reach server logs): use fragment, or response_type=code.');
  }
  return value;
}

function checkGrant(client: TenantClient, type: ResponseType): void {
  const grant = type.code ? 'authorization_code' : 'implicit';
  if (grantAllowed(client, grant)) return;
  throw refused(
    'grant_not_allowed',
    `Grant type '${grant}' not allowed for the client. Enable it for ${client.client_id} (Advanced Settings, Grant Types; the tenant file's clients[].grant_types).`,
  );
}

function checkOpenId(type: ResponseType, scope: string, nonce: string | undefined): void {
  if (!type.idToken) return;
  if (!type.token && !hasScope(scope, 'openid')) {
    throw refused('invalid_scope', 'response_type=id_token asks for an ID token, which needs "openid" in scope.');
  }
  if (nonce === undefined) {
    throw refused(
      'incomplete',
      'Missing required parameter: nonce. OpenID Connect requires it when the ID token comes in the redirect (OIDC Core §3.2.2.1). Send the link with authParams.nonce.',
    );
  }
}

/** Reads and checks the query of a followed link; throws a PageError for the first problem. */
export function readLinkQuery(url: URL, tenant: Tenant): LinkQuery {
  const query = parseQuery(url.search);
  const client = resolveClient(tenant, required(query, 'client_id'));
  const redirectUri = required(query, 'redirect_uri');
  checkCallback(client, redirectUri);
  const connection = resolveConnection(tenant, client, required(query, 'connection'));
  const recipient = required(query, connection.strategy === 'email' ? 'email' : 'phone_number');
  const code = required(query, 'verification_code');
  const responseType = responseTypeOf(required(query, 'response_type'));
  const responseMode = responseModeOf(query.response_mode, responseType);
  checkGrant(client, responseType);
  const scope = normalizeScope(query.scope);
  checkOpenId(responseType, scope, query.nonce);
  const codeChallenge = responseType.code ? query.code_challenge : undefined;
  const codeChallengeMethod = responseType.code ? query.code_challenge_method : undefined;
  const pkceProblem = challengeProblem(codeChallenge, codeChallengeMethod);
  if (pkceProblem !== undefined) throw refused('invalid_pkce', pkceProblem);
  return {
    client,
    connection,
    recipient,
    code,
    redirectUri,
    responseType,
    responseMode,
    scope,
    state: query.state,
    nonce: query.nonce,
    audience: query.audience,
    codeChallenge,
    codeChallengeMethod,
    binding: bindingOfQuery(query),
  };
}
