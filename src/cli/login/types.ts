/**
 * The shapes of a login: what finishing one asks for (the tenant, the code's source, where the
 * tokens go) and what it returns. Their own module, so that the steps (flow.ts, link-login.ts),
 * the persistence (persist.ts) and the commands depend on them, not on each other.
 */
import type { PwlessError } from '../../core/errors.ts';
import type { Verification } from '../../core/jwt.ts';
import type { StartParams } from '../../core/passwordless.ts';
import type { TokenSet } from '../../core/token-endpoint.ts';
import type { PendingLogin } from '../../config/pending.ts';
import type { CodeSource } from './code-source.ts';

export interface ExchangeRequest {
  base: URL;
  start: StartParams;
  scope: string | undefined;
  audience: string | undefined;
  codeSource: CodeSource;
  /** When the code was requested (epoch ms): sources ignore older messages. */
  sinceMs: number;
  /** Where the tokens go once the code is spent. */
  keep: Keep;
  /** Wrong codes already tried for this code before this command: 0 after a send, undefined when nobody knows (ad hoc verify). */
  priorTries: number | undefined;
}

/**
 * What to do with the tokens of a login: save them for `pwless token` (unless --no-save), under
 * the profile when the login is the profile's own, and forget the pending login they finish.
 */
export interface Keep {
  save: boolean;
  profile: string | undefined;
  nonce?: string | undefined;
  pending?: PendingLogin | undefined;
}

/** A finished login: the tokens, how the ID token fared, whether they were saved, and the failure the run ends with, if any. */
export interface LoginResult {
  base: URL;
  start: StartParams;
  tokens: TokenSet;
  obtainedAt: Date;
  /** Absent when no ID token came back, or when verifying it failed before any check ran (see failure). */
  verification: Verification | undefined;
  /** The scope the login asked for: what came back is compared with it. */
  requestedScope: string | undefined;
  /** Whether the tokens were saved for `pwless token`. */
  saved: boolean;
  /**
   * The tokens came back, but the run fails: the store could not be written, discovery or the JWKS
   * failed after the code was spent, or the ID token failed a check (exit 8, the check's name as code).
   */
  failure?: PwlessError | undefined;
}
