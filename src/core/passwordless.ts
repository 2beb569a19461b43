/**
 * POST /passwordless/start (Auth0 Authentication API: https://auth0.com/docs/api/authentication/passwordless/get-code-or-link). `send` is always sent explicitly, `authParams` only as
 * an object, and no other top-level field: the tenant answers `bad.request` to unknown ones.
 * Never retried: each call sends a new code and voids the last one (https://auth0.com/docs/authenticate/passwordless/best-practices).
 */
import { send, type HttpOptions, type HttpResponse } from './http.ts';
import { checkTenantError, parseJsonObject } from './response.ts';

export type Channel = 'email' | 'sms';
export type SendKind = 'code' | 'link';

export interface StartParams {
  clientId: string;
  clientSecret?: string | undefined;
  /** The connection name; `email` or `sms` unless the tenant has custom ones. */
  connection: string;
  channel: Channel;
  /** The email address or E.164 phone number. */
  identity: string;
  send: SendKind;
  authParams?: Record<string, string> | undefined;
  /** `x-request-language`: the template language of the message. */
  language?: string | undefined;
  /** `auth0-forwarded-for`: the end user's IP, honoured only for trusted confidential clients (https://auth0.com/docs/get-started/authentication-and-authorization-flow/resource-owner-password-flow/avoid-common-issues-with-resource-owner-password-flow-and-attack-protection). */
  forwardedFor?: string | undefined;
}

export interface StartResult {
  /** `_id` of the 200 body, when the tenant sent one: callers must not depend on it: the API reference documents none. */
  id: string | undefined;
  body: Record<string, unknown>;
  /** Said once to the user: the answer was a success, but not the JSON Auth0 sends. */
  warnings: string[];
}

export function startRequest(base: URL, params: StartParams, http: HttpOptions): Promise<HttpResponse> {
  const body: Record<string, unknown> = {
    client_id: params.clientId,
    connection: params.connection,
    [params.channel === 'email' ? 'email' : 'phone_number']: params.identity,
    send: params.send,
  };
  if (params.clientSecret !== undefined) body.client_secret = params.clientSecret;
  if (params.authParams && Object.keys(params.authParams).length > 0) body.authParams = params.authParams;
  const headers: Record<string, string> = {};
  if (params.language) headers['x-request-language'] = params.language;
  if (params.forwardedFor) headers['auth0-forwarded-for'] = params.forwardedFor;
  return send({ method: 'POST', url: new URL('/passwordless/start', base), headers, json: body }, http);
}

export function processStartResponse(res: HttpResponse): StartResult {
  checkTenantError(res, 'POST /passwordless/start');
  // The 200 body differs between SDK fixtures and some return none at all: accept any. A
  // 2xx means the message went out, so a body that is not JSON (a proxy in front of a custom
  // domain, a look-alike server) must not fail the login whose code is now on its way.
  if (res.text.trim() === '') return { id: undefined, body: {}, warnings: [] };
  let body: Record<string, unknown>;
  try {
    body = parseJsonObject(res, 'POST /passwordless/start');
  } catch (error) {
    return { id: undefined, body: {}, warnings: [`${(error as Error).message.replace(/\.$/, '')}; taking it as sent.`] };
  }
  return { id: typeof body._id === 'string' ? body._id : undefined, body, warnings: [] };
}
