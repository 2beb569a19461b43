/**
 * What a login writes to the config store: once the code is sent, the pending login; once it is
 * spent, the tokens (for `pwless token`, mode 0600) and the end of the pending login they finish;
 * while codes are refused, the tries the pending login's code has left, so that a later `pwless
 * verify` knows them.
 */
import { ATTEMPTS_PER_CODE, dropPending, recordTries, removePending, savePending, type PendingLogin } from '../../config/pending.ts';
import { putTokenSet, tokenKey, type SavedTokenSet } from '../../config/saved-tokens.ts';
import { savedTokensLine } from '../../render/login-progress.ts';
import { ConfigError } from '../../core/errors.ts';
import type { Context } from '../context.ts';
import { notRecorded } from './not-recorded.ts';
import type { Keep, LoginResult } from './types.ts';

/**
 * Forgets the pending login the tokens finish and saves them unless --no-save, keyed by profile
 * or by domain + client, in one locked write of the store (the pending login ends as its tokens
 * are kept, and a run pays for one write, not two); says whether they were saved.
 */
export async function keepTokens(result: LoginResult, keep: Keep, ctx: Context): Promise<boolean> {
  const { pending, profile } = keep;
  if (!keep.save) {
    if (pending) await removePending(ctx.store, pending);
    return false;
  }
  const set: SavedTokenSet = {
    obtained_at: result.obtainedAt.toISOString(),
    domain: result.base.origin,
    client_id: result.start.clientId,
    profile,
    nonce: keep.nonce,
    requested_scope: result.requestedScope,
    send: result.start.send,
    tokens: result.tokens,
  };
  await ctx.store.update((data) => {
    if (pending) dropPending(data, pending);
    putTokenSet(data, tokenKey(profile, result.base.origin, result.start.clientId), set);
  });
  ctx.progress(savedTokensLine(ctx.err, profile));
  return true;
}

/**
 * A refused code: the pending login records its wrong tries, or that its code is void (no tries
 * left), if it is still pending (pending.ts, recordTries: a login another `verify` finished is not brought back).
 */
export async function recordFailedTries(ctx: Context, pending: PendingLogin, failedAttempts: number | 'void'): Promise<void> {
  await recordTries(ctx.store, pending, failedAttempts === 'void' ? ATTEMPTS_PER_CODE : failedAttempts);
}

/** A new code was sent: the pending login now waits for it, its age and tries start again. */
export async function restartPending(ctx: Context, pending: PendingLogin, sinceMs: number): Promise<PendingLogin> {
  const restarted = { ...pending, created_at: new Date(sinceMs).toISOString(), failed_attempts: 0 };
  await savePending(ctx.store, restarted);
  return restarted;
}

/**
 * Records the login for `pwless verify`. When the store cannot be written, a login whose code can
 * be read now goes on, with a warning ('go-on'); one that was to be finished later fails saying
 * that the code was sent and how to finish it all the same ('stop', not-recorded.ts).
 */
export async function recordPending(ctx: Context, pending: PendingLogin, otherwise: 'go-on' | 'stop'): Promise<void> {
  try {
    await savePending(ctx.store, pending);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (otherwise === 'stop') throw notRecorded(error, pending);
    ctx.warn(
      `The login could not be recorded as pending (${error.message.replace(/\.$/, '')}); it goes on, but cannot be finished later with \`pwless verify\`.`,
    );
  }
}
