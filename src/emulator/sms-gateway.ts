/**
 * A custom SMS gateway, called as Auth0 calls one ("Set Up Custom SMS Gateway for Passwordless
 * Connections", https://auth0.com/docs/authenticate/passwordless/authentication-methods/use-sms-gateway-passwordless;
 * docs/auth0-behaviour.md, B-GATEWAY-1…B-GATEWAY-4): a JSON POST of `{recipient, body, sender}`,
 * plus `req: {ip, user-agent}` with `forward_req_info`, with a bearer HS256 JWT (`sub`, `aud`,
 * `iat`, `exp`) signed with the secret when one is configured. Only the status counts: a 2xx is
 * sent, 401 and any other answer, a timeout or an unreachable gateway are 400 `sms_provider_error`.
 * Requests go through the emulator's own undici Agent, never a proxy or dispatcher of its embedder.
 */
import { SignJWT, base64url } from 'jose';
import { Agent, request } from 'undici';
import { OAuthError } from './errors.ts';
import type { SmsContent } from './message-content.ts';

/** The token's lifetime: not documented by Auth0 (the emulator's choice, B-GATEWAY-2). */
const TOKEN_LIFETIME_SECONDS = 300;

export interface GatewayTarget {
  url: string;
  /** The HS256 key; absent: no Authorization header. */
  secret?: Uint8Array;
  subject?: string;
  audience?: string;
  forwardReqInfo: boolean;
  timeoutMs: number;
}

/** The /start request's info that `forward_req_info` forwards. */
export interface RequestInfo {
  ip: string;
  userAgent: string | undefined;
}

/** The key bytes of Auth0's `secret` / `secret_base64_encoded` ("If your secret is base64-url-encoded"). */
export function gatewayKey(secret: string, base64Encoded: boolean): Uint8Array {
  return base64Encoded ? base64url.decode(secret.replace(/=+$/, '')) : new TextEncoder().encode(secret);
}

function providerError(description: string): OAuthError {
  return new OAuthError(400, 'sms_provider_error', description);
}

async function bearerToken(target: GatewayTarget, nowSeconds: number): Promise<string | undefined> {
  if (target.secret === undefined) return undefined;
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + TOKEN_LIFETIME_SECONDS);
  if (target.subject !== undefined) jwt.setSubject(target.subject);
  if (target.audience !== undefined) jwt.setAudience(target.audience);
  return jwt.sign(target.secret);
}

/** The JSON body Auth0 POSTs, in its order. */
export function gatewayBody(recipient: string, content: SmsContent, info: RequestInfo | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { recipient, body: content.body, sender: content.sender };
  if (info !== undefined) body.req = { ip: info.ip, 'user-agent': info.userAgent ?? '' };
  return body;
}

export class SmsGatewayClient {
  readonly #agent = new Agent({ connections: 8 });

  /** POSTs one SMS; throws OAuthError 400 `sms_provider_error` when the gateway does not take it. */
  async send(target: GatewayTarget, body: Record<string, unknown>, nowSeconds: number, shutdown: AbortSignal): Promise<void> {
    const token = await bearerToken(target, nowSeconds);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const timeout = AbortSignal.timeout(target.timeoutMs);
    let status: number;
    try {
      const answer = await request(target.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        dispatcher: this.#agent,
        signal: AbortSignal.any([timeout, shutdown]),
        headersTimeout: target.timeoutMs,
        bodyTimeout: target.timeoutMs,
      });
      status = answer.statusCode;
      // Auth0 "ignores the rest of the response"; it is read only to free the connection.
      await answer.body.dump();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (timeout.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw providerError('Timeout while calling the SMS gateway: ETIMEDOUT');
      }
      const cause = (err as { cause?: NodeJS.ErrnoException }).cause?.code;
      throw providerError(`Unexpected response while calling the SMS gateway: ${code ?? cause ?? 'ECONNRESET'}`);
    }
    if (status === 401) throw providerError('Authentication failed while calling the SMS gateway: 401');
    if (status < 200 || status > 299) throw providerError(`Unexpected response while calling the SMS gateway: ${status}`);
  }

  async close(): Promise<void> {
    await this.#agent.destroy();
  }
}
