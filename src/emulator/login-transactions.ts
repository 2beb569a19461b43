/**
 * Login transactions of the Universal Login page (actions/login-page.ts, docs/emulator.md "Login
 * page", E-LOGIN-1…E-LOGIN-4): what GET /authorize without a ticket was asked — the checked
 * request a success redirects with — kept server-side, short lived, so the page's forms carry only
 * the transaction's id. Each transaction has its own CSRF token, which every form post must send
 * back (the synchronizer token pattern of
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html):
 * a post with another transaction's token, or none, is refused.
 *
 * A transaction lives {@link LOGIN_TRANSACTION_TTL_SECONDS} on the emulator clock from its start
 * (Auth0's lifetime is unknown: the emulator's choice) and ends with the login it completes.
 * In memory only; a reset forgets them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { EmulatorContext } from './context.ts';
import type { RandomSource } from './random.ts';

export const LOGIN_TRANSACTION_TTL_SECONDS = 600;

/** How many transactions are kept at most: the oldest goes first (a page reloaded in a loop cannot fill memory). */
const MAX_TRANSACTIONS = 1000;

/** A transaction: its id and token, and what the login page keeps in it (`login`). */
export interface LoginTransaction<T> {
  id: string;
  csrf: string;
  expiresAt: number;
  login: T;
}

export type TransactionLookup<T> = { outcome: 'ok'; transaction: LoginTransaction<T> } | { outcome: 'unknown' | 'expired' | 'forged' };

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export class LoginTransactionStore<T> {
  #transactions = new Map<string, LoginTransaction<T>>();
  #random: RandomSource;

  constructor(random: RandomSource) {
    this.#random = random;
  }

  start(login: T, now: number): LoginTransaction<T> {
    for (const [id, old] of this.#transactions) if (now >= old.expiresAt) this.#transactions.delete(id);
    while (this.#transactions.size >= MAX_TRANSACTIONS) this.#transactions.delete(this.#transactions.keys().next().value as string);
    const transaction: LoginTransaction<T> = {
      id: this.#random.bytes(16).toString('base64url'),
      csrf: this.#random.bytes(24).toString('base64url'),
      expiresAt: now + LOGIN_TRANSACTION_TTL_SECONDS * 1000,
      login,
    };
    this.#transactions.set(transaction.id, transaction);
    return transaction;
  }

  /** The transaction a form post names, if its CSRF token is that transaction's and it has not expired. */
  find(id: string, csrf: string, now: number): TransactionLookup<T> {
    const transaction = this.#transactions.get(id);
    if (transaction === undefined) return { outcome: 'unknown' };
    if (!same(csrf, transaction.csrf)) return { outcome: 'forged' };
    if (now >= transaction.expiresAt) {
      this.#transactions.delete(id);
      return { outcome: 'expired' };
    }
    return { outcome: 'ok', transaction };
  }

  /** Ends a transaction: its login is done. */
  finish(id: string): void {
    this.#transactions.delete(id);
  }

  clear(): void {
    this.#transactions.clear();
  }
}

/** One store per running emulator, made on first use (the login page is the only user). */
const STORES = new WeakMap<EmulatorContext, LoginTransactionStore<unknown>>();

/** The emulator's transaction store; `T` is what the login page keeps in a transaction. */
export function loginTransactionsOf<T>(emu: EmulatorContext): LoginTransactionStore<T> {
  let store = STORES.get(emu);
  if (store === undefined) {
    store = new LoginTransactionStore<unknown>(emu.random.loginTicket);
    STORES.set(emu, store);
  }
  return store as LoginTransactionStore<T>;
}

/** A reset forgets every transaction (control-operations.ts `resetState`). */
export function forgetLoginTransactions(emu: EmulatorContext): void {
  STORES.get(emu)?.clear();
}
