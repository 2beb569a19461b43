/**
 * Users of the passwordless connections. A user is created at the first successful code exchange
 * (docs/auth0-behaviour.md, B-TOKEN-6, B-TOKEN-7) and keeps its `user_id` (`email|<24 hex>` / `sms|<24 hex>`) for the
 * life of the emulator; `updated_at` moves on each login, as Auth0 updates the profile on login.
 */
import { createHash } from 'node:crypto';
import { isoTimeFromMs } from './clock.ts';
import { IdentityMap } from './identity-map.ts';
import type { RandomSource } from './random.ts';
import { findConnection, findTenantUser, type Tenant, type TenantConnection, type TenantUser } from './tenant.ts';

/** docs/auth0-behaviour.md, B-START-6: `^\+[0-9]{1,15}$` (E.164). */
export const PHONE_PATTERN = /^\+[0-9]{1,15}$/;

/** Deliberately simple (one @, a dot in the domain, no spaces): the emulator is not a mail server. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface User {
  user_id: string;
  connection: string;
  strategy: 'email' | 'sms';
  /** The email (lower-cased) or the phone number. */
  identity: string;
  created_at: number;
  updated_at: number;
}

/**
 * The identity a code and a user belong to. Emails compare lower-cased (the emulator's choice,
 * Auth0's normalisation is unknown, B-START-7); phone numbers are already E.164 (B-START-6).
 */
export function normalizeIdentity(strategy: 'email' | 'sms', value: string): string {
  return strategy === 'email' ? value.toLowerCase() : value;
}

/**
 * The `sub` of a user named in the tenant file: its `user_id`, or one derived from connection and
 * identity, so it is the same in every run, after a reset and after a restart.
 */
export function tenantUserId(user: TenantUser, connection: TenantConnection, identity: string): string {
  if (user.user_id !== undefined) return user.user_id;
  const digest = createHash('sha256').update(`${connection.name}\u0000${identity}`).digest('hex');
  return `${connection.strategy}|${digest.slice(0, 24)}`;
}

export class UserStore {
  #byIdentity = new IdentityMap<User>();
  #byId = new Map<string, User>();
  #ids: RandomSource;

  constructor(ids: RandomSource) {
    this.#ids = ids;
  }

  /** Whether the identity has logged in before (tenant-file users exist regardless: see tenant.ts). */
  has(connection: string, identity: string): boolean {
    return this.#byIdentity.get(connection, identity) !== undefined;
  }

  /**
   * Finds or creates the user of a successful login and records the login time. `fixedId` is the
   * id of a tenant-file user; other users get a random one.
   */
  login(connection: TenantConnection, identity: string, now: number, fixedId?: string): User {
    let user = this.#byIdentity.get(connection.name, identity);
    if (user === undefined) {
      user = {
        user_id: fixedId ?? `${connection.strategy}|${this.#ids.hex(24)}`,
        connection: connection.name,
        strategy: connection.strategy,
        identity,
        created_at: now,
        updated_at: now,
      };
      this.#byIdentity.set(connection.name, identity, user);
      this.#byId.set(user.user_id, user);
    }
    user.updated_at = now;
    return user;
  }

  get(userId: string): User | undefined {
    return this.#byId.get(userId);
  }

  /** Every user, for the state file. */
  list(): User[] {
    return [...this.#byId.values()];
  }

  /** Replaces every user (a reset gives `[]`, the state file its saved list). */
  replace(users: User[]): void {
    this.#byIdentity.clear();
    this.#byId.clear();
    for (const saved of users) {
      const user = { ...saved };
      this.#byIdentity.set(user.connection, user.identity, user);
      this.#byId.set(user.user_id, user);
    }
  }
}

/** Auth0's default picture: Gravatar with a fallback avatar made of the first two letters. */
function gravatar(email: string): string {
  const hash = createHash('md5').update(email).digest('hex');
  const initials = encodeURIComponent(email.slice(0, 2));
  const fallback = encodeURIComponent(`https://cdn.auth0.com/avatars/${initials}.png`);
  return `https://s.gravatar.com/avatar/${hash}?s=480&r=pg&d=${fallback}`;
}

/**
 * The profile claims of an id_token and of /userinfo, in the order of the real id_token in
 * docs/auth0-behaviour.md, B-TOKEN-6 (nickname, name, picture, updated_at, email, email_verified). The SMS set
 * (`phone_number`, `phone_verified`) is inferred (unknown, B-TOKEN-6).
 */
export function profileClaims(user: User): Record<string, unknown> {
  const updatedAt = isoTimeFromMs(user.updated_at);
  if (user.strategy === 'email') {
    return {
      nickname: user.identity.split('@')[0],
      name: user.identity,
      picture: gravatar(user.identity),
      updated_at: updatedAt,
      email: user.identity,
      email_verified: true,
    };
  }
  return {
    nickname: user.identity,
    name: user.identity,
    picture: 'https://cdn.auth0.com/avatars/default.png',
    updated_at: updatedAt,
    phone_number: user.identity,
    phone_verified: true,
  };
}

/**
 * The claims of an ID token and of /userinfo: the profile, then the tenant file's `claims` for the
 * user (which may replace a profile claim, but never a registered one: tenant-schema.ts).
 */
export function userClaims(tenant: Tenant, user: User): Record<string, unknown> {
  const connection = findConnection(tenant, user.connection);
  const extra = connection === undefined ? undefined : findTenantUser(tenant, connection, user.identity)?.claims;
  return { ...profileClaims(user), ...extra };
}
