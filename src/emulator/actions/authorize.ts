/**
 * GET /authorize (docs/auth0-behaviour.md, B-AUTHZ-1…B-AUTHZ-3): the endpoint discovery names as
 * `authorization_endpoint`. The query is checked by authorize-query.ts; then
 * - with a `login_ticket` (from POST /co/authenticate, what auth0.js `passwordlessLogin` sends
 *   the browser to): the ticket is redeemed — single use, short lived, bound to its client
 *   (login-tickets.ts) — and the browser goes to the `redirect_uri` with a code or tokens, as a
 *   followed magic link does (link-redirect.ts: `response_type`, `response_mode`, `state`,
 *   `nonce`, PKCE). The verifier cookie is checked when the browser sends it, not required;
 * - without one: {@link withoutTicket}, a login page (login-page.ts, custom-login-page.ts).
 */
import type { EmulatorContext, Handler, HandlerRequest } from '../context.ts';
import type { User } from '../users.ts';
import { AuthorizeRefusal, readAuthorizeQuery, type AuthorizeQuery } from './authorize-query.ts';
import { CO_COOKIE } from './co-authenticate.ts';
import { customLoginPage } from './custom-login-page.ts';
import { errorRedirect, linkRedirect } from './link-redirect.ts';
import { showLoginPage } from './login-page.ts';
import type { Reply } from '../respond.ts';

const TICKET_REFUSALS = {
  unknown: 'The login_ticket is not valid.',
  used: 'The login_ticket has already been used: a ticket works once. Log in again.',
  expired: 'The login_ticket has expired. Log in again.',
  wrong_client: 'The login_ticket was issued to another application.',
} as const;

/**
 * No ticket: silent authentication (`prompt=none`) answers `login_required`, since the emulator
 * keeps no sessions (OIDC Core §3.1.2.6); anything else gets the login page: the tenant's own
 * (`login_page` in the tenant file, custom-login-page.ts) or the emulator's (login-page.ts).
 */
async function withoutTicket(emu: EmulatorContext, query: AuthorizeQuery): Promise<Reply> {
  if (query.prompt === 'none') return errorRedirect(query.request, 'login_required', 'Login required');
  if (emu.tenant.login_page !== undefined) return customLoginPage(emu, query, emu.tenant.login_page);
  return showLoginPage(emu, query);
}

/** The `co_id.verifier` of the verifier cookie, when the browser sent one. */
function verifierCookie(req: HandlerRequest): { coId: string; verifier: string } | undefined {
  const header = req.raw.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, value = ''] = part.trim().split('=', 2);
    if (name !== CO_COOKIE) continue;
    const [coId = '', verifier = ''] = value.split('.', 2);
    return { coId, verifier };
  }
  return undefined;
}

function redeem(req: HandlerRequest, emu: EmulatorContext, query: AuthorizeQuery, loginTicket: string): User {
  const { request } = query;
  const redemption = emu.loginTickets.redeem(loginTicket, request.client.client_id, emu.clock.now());
  if (redemption.outcome !== 'ok') throw new AuthorizeRefusal(request, 'access_denied', TICKET_REFUSALS[redemption.outcome]);
  const { ticket } = redemption;
  const cookie = verifierCookie(req);
  if (cookie !== undefined && cookie.coId === ticket.co_id && cookie.verifier !== ticket.co_verifier) {
    throw new AuthorizeRefusal(request, 'access_denied', 'The cross-origin verifier does not match the login_ticket.');
  }
  const user = emu.users.get(ticket.user_id);
  if (user === undefined) throw new AuthorizeRefusal(request, 'access_denied', TICKET_REFUSALS.unknown); // reset since
  return user;
}

export const authorize: Handler = async (req, emu) => {
  try {
    const query = readAuthorizeQuery(req.url, emu.tenant);
    if (query.loginTicket === undefined) return await withoutTicket(emu, query);
    const user = redeem(req, emu, query, query.loginTicket);
    return await linkRedirect(emu, query.request, user, emu.clock.now());
  } catch (err) {
    if (err instanceof AuthorizeRefusal) return errorRedirect(err.target, err.error, err.description);
    throw err; // a PageError: written by the server (error-page.ts)
  }
};
