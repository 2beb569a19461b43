/**
 * Logins waiting for their code: `start` records one when nothing can ask for the code right away
 * (no terminal, or --no-wait), and `verify` finishes it. Kept in the config store; entries older
 * than a day are dropped on the next write (no code lives that long).
 */
import type { ConfigStore } from './store.ts';

export interface PendingLogin {
  created_at: string;
  domain: string;
  client_id: string;
  profile?: string | undefined;
  connection: string;
  channel: 'email' | 'sms';
  identity: string;
  send: 'code' | 'link';
  scope?: string | undefined;
  audience?: string | undefined;
  state?: string | undefined;
  nonce?: string | undefined;
  redirect_uri?: string | undefined;
  response_type?: string | undefined;
  /** The PKCE verifier of a public client's magic link (RFC 7636); kept in the 0600 config file. */
  code_verifier?: string | undefined;
}

const MAX_AGE_MS = 24 * 3600 * 1000;

export function pendingKey(domain: string, clientId: string, identity: string): string {
  return `${new URL(domain).origin}|${clientId}|${identity.toLowerCase()}`;
}

export async function savePending(store: ConfigStore, login: PendingLogin): Promise<void> {
  await store.update((data) => {
    const now = Date.now();
    const kept = Object.entries(data.pending ?? {}).filter(([, p]) => now - Date.parse(String(p.created_at)) < MAX_AGE_MS);
    data.pending = { ...Object.fromEntries(kept), [pendingKey(login.domain, login.client_id, login.identity)]: { ...JSON.parse(JSON.stringify(login)) } };
  });
}

export interface PendingFilter {
  identity?: string | undefined;
  domain?: string | undefined;
  clientId?: string | undefined;
}

/** The most recent pending login that matches every given field. */
export async function findPending(store: ConfigStore, filter: PendingFilter): Promise<PendingLogin | undefined> {
  if (!store.exists()) return undefined;
  const all = Object.values((await store.read()).pending ?? {}) as unknown as PendingLogin[];
  const domain = filter.domain !== undefined ? new URL(filter.domain).origin : undefined;
  return all
    .filter((p) => filter.identity === undefined || p.identity.toLowerCase() === filter.identity.toLowerCase())
    .filter((p) => domain === undefined || p.domain === domain)
    .filter((p) => filter.clientId === undefined || p.client_id === filter.clientId)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
}

export async function removePending(store: ConfigStore, login: PendingLogin): Promise<void> {
  await store.update((data) => {
    delete data.pending?.[pendingKey(login.domain, login.client_id, login.identity)];
  });
}
