/**
 * Authorization codes, issued when a magic link with `response_type=code` is followed (B-LINK-3
 * in docs/auth0-behaviour.md) and exchanged once at POST /oauth/token (RFC 6749 §4.1.2–§4.1.3). A code is bound to the
 * client, the `redirect_uri` of the link, the user who clicked, the link's scope, audience and
 * nonce, and its PKCE challenge.
 *
 * Codes live {@link AUTH_CODE_TTL_SECONDS} (RFC 6749 §4.1.2: "a maximum authorization code
 * lifetime of 10 minutes is RECOMMENDED"; Auth0's is unknown) and are single use. A used or expired
 * code is kept a while so that a retry says "used" or "expired" rather than "invalid", then
 * forgotten: on issue, by a sweep that runs once per as many issues as there are codes (O(1) per write).
 */
import type { RandomSource } from './random.ts';

export const AUTH_CODE_TTL_SECONDS = 60;

/** How long a used or expired code is remembered past its expiry, to name the refusal. */
const REMEMBER_MS = 10 * 60_000;

export interface AuthCodeGrant {
  client_id: string;
  redirect_uri: string;
  user_id: string;
  /** Normalized, never with `offline_access` (no refresh token from a magic link, §1.3). */
  scope: string;
  audience?: string | undefined;
  nonce?: string | undefined;
  code_challenge?: string | undefined;
  code_challenge_method?: string | undefined;
  expires_at: number;
  used: boolean;
}

/** A code as the state file keeps it. */
export type SavedAuthCode = AuthCodeGrant & { code: string };

/** Issues between two sweeps, at least. */
const SWEEP_EVERY = 1024;

export class AuthCodeStore {
  #codes = new Map<string, AuthCodeGrant>();
  #issuesSinceSweep = 0;
  /** Codes left by the last sweep: the next one waits for as many issues (it then scans at most twice that). */
  #sizeAfterSweep = 0;
  #random: RandomSource;

  constructor(random: RandomSource) {
    this.#random = random;
  }

  /** A new code valid for {@link AUTH_CODE_TTL_SECONDS} from `now`. */
  issue(grant: Omit<AuthCodeGrant, 'expires_at' | 'used'>, now: number): string {
    this.#forgetOld(now);
    // 32 bytes, base64url: unguessable; Auth0's format is not imitated.
    const code = this.#random.bytes(32).toString('base64url');
    this.#codes.set(code, { ...grant, expires_at: now + AUTH_CODE_TTL_SECONDS * 1000, used: false });
    return code;
  }

  find(code: string): AuthCodeGrant | undefined {
    return this.#codes.get(code);
  }

  /** Marks the code used: a second exchange is refused (RFC 6749 §4.1.2 "MUST NOT be used more than once"). */
  consume(code: string): void {
    const grant = this.#codes.get(code);
    if (grant !== undefined) grant.used = true;
  }

  #forgetOld(now: number): void {
    this.#issuesSinceSweep += 1;
    if (this.#issuesSinceSweep < Math.max(SWEEP_EVERY, this.#sizeAfterSweep)) return;
    this.#issuesSinceSweep = 0;
    for (const [code, grant] of this.#codes) if (now >= grant.expires_at + REMEMBER_MS) this.#codes.delete(code);
    this.#sizeAfterSweep = this.#codes.size;
  }

  list(): SavedAuthCode[] {
    return [...this.#codes].map(([code, grant]) => ({ code, ...grant }));
  }

  /** Replaces every code (a reset gives `[]`, the state file its saved list). */
  replace(saved: SavedAuthCode[]): void {
    this.#codes = new Map(saved.map(({ code, ...grant }) => [code, { ...grant }]));
  }
}
