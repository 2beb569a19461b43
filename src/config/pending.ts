/**
 * Logins waiting for their code: `start` records one when nothing can ask for the code right away
 * (no terminal, or --no-wait), and `verify` finishes it. Kept in the config store; entries older
 * than a day are dropped on the next write (no code lives that long).
 */
import { ConfigError } from '../core/errors.ts';
import type { ConfigData, ConfigStore } from './store.ts';

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
  /** Wrong codes already tried for this login's code: the tenant allows 3 per code. */
  failed_attempts?: number | undefined;
}

const MAX_AGE_MS = 24 * 3600 * 1000;

/**
 * How long a tenant's code lives, for telling a pending login that can still be finished from one
 * whose code is void. The tenant's setting is unknown here (Auth0's docs say three minutes by
 * default, its sample connection `totp.time_step: 300`), so it is a setting (--otp-lifetime,
 * PWLESS_OTP_LIFETIME) whose default is the longer of the two: a live login is never skipped.
 */
export const DEFAULT_CODE_LIFETIME_SECONDS = 300;

/** Wrong codes a tenant allows for one code before it is void (Auth0: 3). */
export const ATTEMPTS_PER_CODE = 3;

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

/**
 * Records the wrong tries of a login's code, in one read-modify-write under the store's lock, and
 * only while that very login is still pending (the same entry, the same send time): a login that
 * another `verify` finished meanwhile (two `verify`s of one code: one gets the tokens, the other
 * is refused) is not brought back, nor is one a newer `start` replaced. The count only grows, so
 * that two runs counting tries of one code at once keep the higher.
 */
export async function recordTries(store: ConfigStore, login: PendingLogin, failedAttempts: number): Promise<void> {
  await store.update((data) => {
    const key = pendingKey(login.domain, login.client_id, login.identity);
    const current = data.pending !== undefined && Object.hasOwn(data.pending, key) ? data.pending[key] : undefined;
    if (current === undefined || current.created_at !== login.created_at) return;
    const recorded = typeof current.failed_attempts === 'number' ? current.failed_attempts : 0;
    current.failed_attempts = Math.max(recorded, failedAttempts);
  });
}

export interface PendingFilter {
  identity?: string | undefined;
  domain?: string | undefined;
  clientId?: string | undefined;
}

/** The most recent pending login that matches every given field. */
export function findPending(config: ConfigData, filter: PendingFilter): PendingLogin | undefined {
  return matchingPending(config, filter)[0];
}

/** Every pending login that matches every given field, newest first; entries past a day are not listed. */
export function matchingPending(config: ConfigData, filter: PendingFilter, now = Date.now()): PendingLogin[] {
  const domain = filter.domain !== undefined ? new URL(filter.domain).origin : undefined;
  return listPending(config, now)
    .filter((p) => filter.identity === undefined || p.identity.toLowerCase() === filter.identity.toLowerCase())
    .filter((p) => domain === undefined || p.domain === domain)
    .filter((p) => filter.clientId === undefined || p.client_id === filter.clientId);
}

export function listPending(config: ConfigData, now = Date.now()): PendingLogin[] {
  return Object.entries(config.pending ?? {})
    .map(([key, raw]) => checkPending(raw, key))
    .filter((p) => now - Date.parse(p.created_at) < MAX_AGE_MS)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}

/** Whether the code of a pending login can still be valid: younger than a code lives, and not out of tries. */
export function mayBeLive(pending: PendingLogin, lifetimeSeconds: number, now = Date.now()): boolean {
  return now - Date.parse(pending.created_at) < lifetimeSeconds * 1000 && (pending.failed_attempts ?? 0) < ATTEMPTS_PER_CODE;
}

/**
 * Forgets the pending logins `which` picks (every one, unreadable entries included, when it is
 * 'all'); returns how many went.
 */
export async function clearPending(store: ConfigStore, which: ((pending: PendingLogin) => boolean) | 'all'): Promise<number> {
  if (!store.exists()) return 0;
  return store.update((data) => {
    let cleared = 0;
    for (const [key, raw] of Object.entries(data.pending ?? {})) {
      if (which !== 'all' && !which(checkPending(raw, key))) continue;
      delete data.pending?.[key];
      cleared++;
    }
    return cleared;
  });
}

export async function removePending(store: ConfigStore, login: PendingLogin): Promise<void> {
  await store.update((data) => dropPending(data, login));
}

/** Removes the login from the data of a store update (for a caller that changes more in the same write). */
export function dropPending(data: ConfigData, login: PendingLogin): void {
  delete data.pending?.[pendingKey(login.domain, login.client_id, login.identity)];
}

/** The file is the user's to edit: an entry pwless cannot read is reported, not used half-read. */
function checkPending(raw: Record<string, unknown>, key: string): PendingLogin {
  const text = (name: string) => typeof raw[name] === 'string' && raw[name] !== '';
  let domainOk = false;
  try {
    domainOk = text('domain') && new URL(raw.domain as string).origin !== 'null';
  } catch {
    domainOk = false;
  }
  const ok =
    text('created_at') &&
    !Number.isNaN(Date.parse(raw.created_at as string)) &&
    domainOk &&
    text('client_id') &&
    text('connection') &&
    text('identity') &&
    (raw.channel === 'email' || raw.channel === 'sms') &&
    (raw.send === 'code' || raw.send === 'link');
  if (!ok) {
    throw new ConfigError(`The pending login ${JSON.stringify(key)} in the config file is not one pwless can read.`, {
      code: 'invalid_pending_login',
      hint: 'Remove it from "pending" in the config file (`pwless config` names the file), then run `pwless start` again.',
    });
  }
  return raw as unknown as PendingLogin;
}
