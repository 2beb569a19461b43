/**
 * The IP address that rate limits and brute-force protection count against (docs/auth0-behaviour.md, B-FWD-1, B-FWD-2).
 * Auth0 uses the caller's IP, except that it takes `auth0-forwarded-for` (the end user's IP, sent
 * by a backend) when all three hold:
 *   1. the client is confidential (regular_web or non_interactive);
 *   2. the request authenticated with the client secret (here: sent and correct, so a wrong
 *      secret cannot move a caller into another IP's bucket);
 *   3. the client has `is_token_endpoint_ip_header_trusted` ("Trust Token Endpoint IP Header").
 * Otherwise the header is ignored. A header that is not one IP address is ignored too.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { isConfidential, type TenantClient } from './tenant.ts';

export const FORWARDED_FOR = 'auth0-forwarded-for';

/** The peer address, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) shown as IPv4. */
export function socketIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** Whether `client`, authenticated by its secret or not, may name the end user's IP (B-FWD-2). */
export function trustsForwardedFor(client: TenantClient | undefined, secretVerified: boolean): boolean {
  return client !== undefined && isConfidential(client) && secretVerified && client.is_token_endpoint_ip_header_trusted === true;
}

/** The source IP of a request: the forwarded one when trusted and well-formed, else the peer's. */
export function sourceIp(req: IncomingMessage, client: TenantClient | undefined, secretVerified: boolean): string {
  const header = req.headers[FORWARDED_FOR];
  const forwarded = typeof header === 'string' ? header.trim() : '';
  if (trustsForwardedFor(client, secretVerified) && isIP(forwarded) !== 0) return forwarded;
  return socketIp(req);
}
