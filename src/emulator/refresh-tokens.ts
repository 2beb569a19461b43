/**
 * Refresh tokens (docs/auth0-behaviour.md, B-TOKEN-8): opaque random strings issued with
 * `offline_access`, bound to the client, user, scope and audience of the login. Not rotated on use.
 * Bounded as Auth0 bounds them, so that a long run keeps a small state file (docs/emulator.md "Memory"):
 * - each expires {@link REFRESH_TOKEN_LIFETIME_SECONDS} after it was issued, on the emulator clock
 *   (Auth0's default absolute lifetime, B-TOKEN-12), and is then forgotten;
 * - at most {@link REFRESH_TOKENS_PER_USER_AND_CLIENT} per user and client: a new one past it
 *   revokes the oldest of that user and client (Auth0's limit, B-TOKEN-13);
 * - at most {@link REFRESH_TOKENS_TOTAL} in all, the oldest revoked first (the emulator's bound,
 *   as the outbox's: an Auth0 tenant has none, but nor does it run in one process).
 * The map is in issue order, which is expiry order as the clock only moves forward, so the expired
 * and the oldest tokens are at its front: each bound costs O(1) per token issued.
 */
import type { RandomSource } from './random.ts';

/** 30 days: Auth0's default "Absolute Lifetime" (docs/auth0-behaviour.md, B-TOKEN-12). */
export const REFRESH_TOKEN_LIFETIME_SECONDS = 2_592_000;
/** Auth0's limit of active refresh tokens per user per application (B-TOKEN-13). */
export const REFRESH_TOKENS_PER_USER_AND_CLIENT = 200;
/** Kept in all; past it the oldest is revoked (docs/emulator.md "Memory"). */
export const REFRESH_TOKENS_TOTAL = 10_000;

const LIFETIME_MS = REFRESH_TOKEN_LIFETIME_SECONDS * 1000;

export interface RefreshGrant {
  client_id: string;
  user_id: string;
  scope: string;
  audience: string | undefined;
}

/** A token's grant as kept (and saved in the state file): with when it was issued, epoch ms on the emulator clock. */
export interface StoredRefreshGrant extends RefreshGrant {
  issued_at: number;
}

const ownerOf = (grant: RefreshGrant): string => `${grant.client_id}\u0000${grant.user_id}`;

export class RefreshTokenStore {
  #grants = new Map<string, StoredRefreshGrant>();
  /** The tokens of each client and user, oldest first (a Set keeps insertion order). */
  #byOwner = new Map<string, Set<string>>();
  #random: RandomSource;

  constructor(random: RandomSource) {
    this.#random = random;
  }

  /** A new token for `grant`, issued at `now`; it may revoke the oldest of its user and client, or of all. */
  issue(grant: RefreshGrant, now: number): string {
    this.#forgetExpired(now);
    // 32 bytes, base64url: as unguessable as an Auth0 token, without imitating its format.
    const token = this.#random.bytes(32).toString('base64url');
    this.#add(token, { ...grant, issued_at: now });
    return token;
  }

  /** The grant of a token that is still valid at `now`; an expired one is forgotten. */
  find(token: string, now: number): RefreshGrant | undefined {
    const grant = this.#grants.get(token);
    if (grant === undefined) return undefined;
    if (now >= grant.issued_at + LIFETIME_MS) {
      this.revoke(token);
      return undefined;
    }
    return grant;
  }

  /** Forgets a token (POST /oauth/revoke, B-REVOKE-1); whether it was known. */
  revoke(token: string): boolean {
    const grant = this.#grants.get(token);
    if (grant === undefined) return false;
    this.#grants.delete(token);
    const owner = ownerOf(grant);
    const owned = this.#byOwner.get(owner);
    owned?.delete(token);
    if (owned?.size === 0) this.#byOwner.delete(owner);
    return true;
  }

  get size(): number {
    return this.#grants.size;
  }

  list(): [string, StoredRefreshGrant][] {
    return [...this.#grants].map(([token, grant]) => [token, { ...grant }]);
  }

  /** Replaces every token (a reset gives `[]`, the state file its saved list), oldest first, within the bounds. */
  replace(entries: [string, StoredRefreshGrant][]): void {
    this.#grants = new Map();
    this.#byOwner = new Map();
    const byAge = [...entries].sort(([, a], [, b]) => a.issued_at - b.issued_at);
    for (const [token, grant] of byAge) this.#add(token, { ...grant });
  }

  #add(token: string, grant: StoredRefreshGrant): void {
    this.#grants.set(token, grant);
    const owner = ownerOf(grant);
    const owned = this.#byOwner.get(owner) ?? new Set<string>();
    this.#byOwner.set(owner, owned);
    owned.add(token);
    if (owned.size > REFRESH_TOKENS_PER_USER_AND_CLIENT) this.revoke(owned.values().next().value!);
    if (this.#grants.size > REFRESH_TOKENS_TOTAL) this.revoke(this.#grants.keys().next().value!);
  }

  /** Forgets the expired tokens, all at the front of the map. */
  #forgetExpired(now: number): void {
    for (const [token, grant] of this.#grants) {
      if (now < grant.issued_at + LIFETIME_MS) return;
      this.revoke(token);
    }
  }
}
