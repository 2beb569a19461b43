/**
 * The last token set of each profile (or of each domain + client id when no profile is used),
 * kept in the config store (mode 0600) so that `pwless token` can show, verify and refresh it.
 * `start` and `verify` save it unless --no-save.
 */
import type { TokenSet } from '../core/token-endpoint.ts';
import type { ConfigData, ConfigStore } from './store.ts';

export interface SavedTokenSet {
  /** When the token response arrived (ISO 8601): `expires_in` counts from here. */
  obtained_at: string;
  domain: string;
  client_id: string;
  profile?: string | undefined;
  /** The nonce sent with the login, if any, so `token verify` can check it. */
  nonce?: string | undefined;
  /** The scope the login asked for, to tell "not asked" from "not returned". */
  requested_scope?: string | undefined;
  /** How the login was finished: a magic link never brings a refresh token. */
  send?: 'code' | 'link' | undefined;
  tokens: TokenSet;
}

/** Where a login's tokens are kept: under its profile when it used one, else under its domain + client id. */
export function tokenKey(profile: string | undefined, domain: string, clientId: string): string {
  return profile !== undefined ? profileTokenKey(profile) : `${new URL(domain).origin}|${clientId}`;
}

export function profileTokenKey(profile: string): string {
  return `profile:${profile}`;
}

export async function saveTokenSet(store: ConfigStore, key: string, set: SavedTokenSet): Promise<void> {
  await store.update((data) => putTokenSet(data, key, set));
}

/** Stores the set in the data of a store update, as a plain JSON copy (undefined fields dropped). */
export function putTokenSet(data: ConfigData, key: string, set: SavedTokenSet): void {
  data.tokens = { ...data.tokens, [key]: JSON.parse(JSON.stringify(set)) as Record<string, unknown> };
}

/** Forgets a saved set; says whether there was one. */
export async function clearTokenSet(store: ConfigStore, key: string): Promise<boolean> {
  if (!store.exists()) return false;
  return store.update((data) => {
    if (data.tokens?.[key] === undefined) return false;
    delete data.tokens[key];
    return true;
  });
}
