/**
 * The magic link a `send: "link"` start puts in the message (docs/auth0-behaviour.md, B-LINK-2): the URL of
 * GET /passwordless/verify_redirect with the query auth0.js `buildVerifyUrl` builds — client_id,
 * connection, email or phone_number, verification_code — followed by the string-valued authParams
 * of the start request that the redirect needs, PKCE's included.
 *
 * The link's client_id and authParams are stored with the code ({@link LinkBinding}): when the
 * link is followed, its query must carry the same values, so a link whose redirect_uri, state,
 * scope or code_challenge was changed is refused as tampered (actions/verify-redirect.ts).
 */
import { PATHS } from './paths.ts';

/**
 * authParams keys copied into a link, in this order: those of docs/auth0-behaviour.md B-LINK-2 that shape the
 * redirect, then PKCE's (RFC 7636 §4.3), which an Auth0 /authorize request carries alongside.
 */
export const LINK_AUTH_PARAMS = [
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'nonce',
  'audience',
  'response_mode',
  'code_challenge',
  'code_challenge_method',
] as const;

/** The values a link was sent with: `client_id` and the copied authParams (absent keys are absent). */
export type LinkBinding = Record<string, string>;

/**
 * The binding of a link sent by `client_id` with these authParams. Values that are not strings are
 * not copied; neither are empty strings, which the link endpoint treats as absent.
 */
export function linkBinding(clientId: string, authParams: Record<string, unknown>): LinkBinding {
  const binding: LinkBinding = { client_id: clientId };
  for (const key of LINK_AUTH_PARAMS) {
    const value = authParams[key];
    if (typeof value === 'string' && value !== '') binding[key] = value;
  }
  return binding;
}

/** The binding-relevant values of a followed link's query, in the same shape. */
export function bindingOfQuery(query: Record<string, string | undefined>): LinkBinding {
  const binding: LinkBinding = {};
  for (const key of ['client_id', ...LINK_AUTH_PARAMS]) {
    const value = query[key];
    if (value !== undefined) binding[key] = value;
  }
  return binding;
}

/** The first key whose value differs between what was sent and what came back, if any. */
export function firstDifference(sent: LinkBinding, followed: LinkBinding): string | undefined {
  const keys = ['client_id', ...LINK_AUTH_PARAMS];
  return keys.find((key) => sent[key] !== followed[key]);
}

export interface LinkTarget {
  /** The emulator's base URL, without a trailing slash. */
  base: string;
  connection: string;
  identityParam: 'email' | 'phone_number';
  /** The email or phone number as sent to /passwordless/start. */
  recipient: string;
  code: string;
}

/** The link: `<base>/passwordless/verify_redirect?client_id=…&connection=…&email=…&verification_code=…&<authParams>`. */
export function magicLinkUrl(target: LinkTarget, binding: LinkBinding): string {
  const url = new URL(target.base + PATHS.verifyRedirect);
  url.searchParams.set('client_id', binding.client_id ?? '');
  url.searchParams.set('connection', target.connection);
  url.searchParams.set(target.identityParam, target.recipient);
  url.searchParams.set('verification_code', target.code);
  for (const key of LINK_AUTH_PARAMS) {
    const value = binding[key];
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.href;
}
