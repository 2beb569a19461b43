/**
 * Login tickets: what POST /co/authenticate hands auth0.js after a right code, and GET /authorize
 * redeems for a code or tokens (docs/auth0-behaviour.md, B-CO-2, B-AUTHZ-1). A ticket is single
 * use, bound to the client that asked for it, and short lived: {@link LOGIN_TICKET_TTL_SECONDS}
 * (Auth0's lifetime is unknown: the emulator's choice, docs/emulator.md "Behaviour choices").
 *
 * With it come a `co_id` and a `co_verifier`, which auth0.js keeps on the page's origin (the
 * cross-origin verification of https://auth0.com/docs/authenticate/login/cross-origin-authentication).
 * The emulator also sets them in a cookie; /authorize checks that cookie when the browser sends
 * it, and accepts a ticket without it (browsers drop third-party cookies).
 *
 * Tickets live in memory only: they are not in the state file, and a reset forgets them.
 */
import type { RandomSource } from './random.ts';

export const LOGIN_TICKET_TTL_SECONDS = 60;

/** How long a used or expired ticket is remembered, to name the refusal. */
const REMEMBER_MS = 10 * 60_000;

export interface LoginTicket {
  client_id: string;
  connection: string;
  user_id: string;
  co_id: string;
  co_verifier: string;
  expires_at: number;
  used: boolean;
}

export type TicketRedemption = { outcome: 'ok'; ticket: LoginTicket } | { outcome: 'unknown' | 'used' | 'expired' | 'wrong_client' };

export class LoginTicketStore {
  #tickets = new Map<string, LoginTicket>();
  #random: RandomSource;

  constructor(random: RandomSource) {
    this.#random = random;
  }

  /** A new ticket, with its `co_id` and `co_verifier`. */
  issue(grant: { client_id: string; connection: string; user_id: string }, now: number): { login_ticket: string; co_id: string; co_verifier: string } {
    for (const [key, old] of this.#tickets) if (now >= old.expires_at + REMEMBER_MS) this.#tickets.delete(key);
    const loginTicket = this.#random.bytes(24).toString('base64url');
    const coId = this.#random.bytes(12).toString('base64url');
    const coVerifier = this.#random.bytes(24).toString('base64url');
    this.#tickets.set(loginTicket, { ...grant, co_id: coId, co_verifier: coVerifier, expires_at: now + LOGIN_TICKET_TTL_SECONDS * 1000, used: false });
    return { login_ticket: loginTicket, co_id: coId, co_verifier: coVerifier };
  }

  /**
   * Redeems a ticket for `clientId`. In this order: unknown → used → wrong client (the ticket stays
   * valid for its own client) → expired → ok, and the ticket is used up.
   */
  redeem(loginTicket: string, clientId: string, now: number): TicketRedemption {
    const ticket = this.#tickets.get(loginTicket);
    if (ticket === undefined) return { outcome: 'unknown' };
    if (ticket.used) return { outcome: 'used' };
    if (ticket.client_id !== clientId) return { outcome: 'wrong_client' };
    if (now >= ticket.expires_at) return { outcome: 'expired' };
    ticket.used = true;
    return { outcome: 'ok', ticket };
  }

  clear(): void {
    this.#tickets.clear();
  }
}
