/**
 * Refresh tokens (docs/auth0-behaviour.md, B-TOKEN-8): opaque random strings issued with `offline_access`, bound
 * to the client, user, scope and audience of the login. Not rotated on use; they live as long as
 * the emulator does (Auth0's lifetimes are tenant settings a later issue may add).
 */
import type { RandomSource } from './random.ts';

export interface RefreshGrant {
  client_id: string;
  user_id: string;
  scope: string;
  audience: string | undefined;
}

export class RefreshTokenStore {
  #grants = new Map<string, RefreshGrant>();
  #random: RandomSource;

  constructor(random: RandomSource) {
    this.#random = random;
  }

  issue(grant: RefreshGrant): string {
    // 32 bytes, base64url: as unguessable as an Auth0 token, without imitating its format.
    const token = this.#random.bytes(32).toString('base64url');
    this.#grants.set(token, { ...grant });
    return token;
  }

  find(token: string): RefreshGrant | undefined {
    return this.#grants.get(token);
  }

  /** Forgets a token (POST /oauth/revoke, B-REVOKE-1); whether it was known. */
  revoke(token: string): boolean {
    return this.#grants.delete(token);
  }

  list(): [string, RefreshGrant][] {
    return [...this.#grants].map(([token, grant]) => [token, { ...grant }]);
  }

  /** Replaces every token (a reset gives `[]`, the state file its saved list). */
  replace(entries: [string, RefreshGrant][]): void {
    this.#grants = new Map(entries.map(([token, grant]) => [token, { ...grant }]));
  }
}
