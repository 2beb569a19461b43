/**
 * Users of the passwordless connections. A user is created at the first successful code exchange
 * (reference §2.2, §7.2 item 9) and keeps its `user_id` (`email|<24 hex>` / `sms|<24 hex>`) for the
 * life of the emulator; `updated_at` moves on each login, as Auth0 updates the profile on login.
 */
import { createHash } from 'node:crypto';
import { isoTime } from './clock.ts';
import type { RandomSource } from './random.ts';
import type { TenantConnection } from './tenant.ts';

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
 * reference §1.1 leaves normalisation [UNK]); phone numbers are already E.164 (§3.1 pattern).
 */
export function normalizeIdentity(strategy: 'email' | 'sms', value: string): string {
  return strategy === 'email' ? value.toLowerCase() : value;
}

export class UserStore {
  #byIdentity = new Map<string, User>();
  #byId = new Map<string, User>();
  #ids: RandomSource;

  constructor(ids: RandomSource) {
    this.#ids = ids;
  }

  /** Finds or creates the user of a successful login and records the login time. */
  login(connection: TenantConnection, identity: string, now: number): User {
    const key = `${connection.name}\u0000${identity}`;
    let user = this.#byIdentity.get(key);
    if (user === undefined) {
      user = {
        user_id: `${connection.strategy}|${this.#ids.hex(24)}`,
        connection: connection.name,
        strategy: connection.strategy,
        identity,
        created_at: now,
        updated_at: now,
      };
      this.#byIdentity.set(key, user);
      this.#byId.set(user.user_id, user);
    }
    user.updated_at = now;
    return user;
  }

  get(userId: string): User | undefined {
    return this.#byId.get(userId);
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
 * reference §2.2 (nickname, name, picture, updated_at, email, email_verified). The SMS set
 * (`phone_number`, `phone_verified`) is inferred, §7.2 item 8 [UNK].
 */
export function profileClaims(user: User): Record<string, unknown> {
  const updatedAt = isoTime(user.updated_at);
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
