/**
 * The rate-limit wrapper of /passwordless/start and /oauth/token (docs/auth0-behaviour.md,
 * B-RATE-1…B-RATE-6, B-FWD-1…B-FWD-3). Before the handler runs it works out the source IP (the peer, or a trusted
 * `auth0-forwarded-for`) and takes a token from that IP's bucket; an empty bucket answers 429
 * `too_many_requests` with `retry-after`. Every answer of the endpoint, success or error, carries
 * `x-ratelimit-limit`, `-remaining` and `-reset`. Every request counts, valid or not, as the limit
 * sits in front of validation.
 */
import { authenticateClient, secretMatches } from '../client-auth.ts';
import type { EmulatorContext, Handler, HandlerRequest } from '../context.ts';
import { OAuthError, invalidRequest } from '../errors.ts';
import { readJsonBody, readParams } from '../http-body.ts';
import { rateLimitHeaders, tooManyRequests, type RateLimiter } from '../rate-limit.ts';
import { sourceIp } from '../source-ip.ts';
import { findClient, isConfidential, type TenantClient } from '../tenant.ts';
import { typedParams } from './token-params.ts';

/** Who is calling, as far as the source-IP rule needs to know; never throws. */
type CallerPeek = (req: HandlerRequest, emu: EmulatorContext) => Promise<{ client?: TenantClient; secretVerified: boolean }>;

const NOBODY = { secretVerified: false };

/** /passwordless/start: the client and secret of the JSON body. */
export const peekStartCaller: CallerPeek = async (req, emu) => {
  try {
    const body = await readJsonBody(req.raw, invalidRequest);
    const client = typeof body.client_id === 'string' ? findClient(emu.tenant, body.client_id) : undefined;
    const secret = body.client_secret;
    const verified = client?.client_secret !== undefined && isConfidential(client) && typeof secret === 'string' && secretMatches(secret, client.client_secret);
    return client === undefined ? NOBODY : { client, secretVerified: verified };
  } catch {
    return NOBODY;
  }
};

/** /oauth/token: the client that authenticates (a confidential one only with its secret). */
export const peekTokenCaller: CallerPeek = async (req, emu) => {
  try {
    const params = typedParams(await readParams(req.raw, invalidRequest));
    const client = authenticateClient(emu.tenant, req.raw.headers.authorization, params);
    return { client, secretVerified: isConfidential(client) };
  } catch {
    return NOBODY;
  }
};

export function rateLimited(pick: (emu: EmulatorContext) => RateLimiter | undefined, peek: CallerPeek, handler: Handler): Handler {
  return async (req, emu) => {
    const limiter = pick(emu);
    if (limiter === undefined) return handler(req, emu);
    const caller = await peek(req, emu);
    const ip = sourceIp(req.raw, caller.client, caller.secretVerified);
    const verdict = limiter.take(ip, emu.clock.now());
    if (!verdict.allowed) throw tooManyRequests(verdict);
    const headers = rateLimitHeaders(verdict);
    try {
      const reply = await handler({ ...req, sourceIp: ip }, emu);
      return { ...reply, headers: { ...headers, ...reply.headers } };
    } catch (err) {
      throw err instanceof OAuthError ? err.withHeaders(headers) : err;
    }
  };
}
