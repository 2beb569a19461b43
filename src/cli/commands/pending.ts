/**
 * `pwless pending`: the logins that `start` left waiting for their code, newest first, with how
 * old each is and whether its code can still be valid; `pending clear` forgets the ones whose code
 * is void (past --otp-lifetime), `pending clear --all` every one. Entries past a day are not listed
 * and are pruned on the next write.
 */
import { clearPending, listPending, mayBeLive } from '../../config/pending.ts';
import { pendingListJson, pendingListLines } from '../../render/pending-list.ts';
import type { Context } from '../context.ts';
import { otpLifetimeSeconds } from '../otp-lifetime.ts';
import type { ViewResult } from '../../render/results.ts';

export interface PendingOptions {
  otpLifetime?: string;
  all?: boolean;
}

export async function pendingList(options: PendingOptions, ctx: Context): Promise<ViewResult> {
  const lifetime = otpLifetimeSeconds(options.otpLifetime, ctx.env);
  const now = Date.now();
  const logins = ctx.store.exists() ? listPending(await ctx.store.read(), now) : [];
  const view = { logins, lifetime, now };
  return { kind: 'view', json: pendingListJson(view), lines: (c) => pendingListLines(view, c) };
}

export async function pendingClear(options: PendingOptions, ctx: Context): Promise<ViewResult> {
  const lifetime = otpLifetimeSeconds(options.otpLifetime, ctx.env);
  const now = Date.now();
  const cleared = await clearPending(ctx.store, options.all === true ? 'all' : (p) => !mayBeLive(p, lifetime, now));
  const scope = options.all === true ? '' : ` whose code is past its lifetime (${lifetime} s)`;
  const text = cleared === 0 ? `There was no pending login${scope}.` : `Forgot ${cleared} pending login${cleared === 1 ? '' : 's'}${scope}.`;
  return { kind: 'view', json: { cleared }, lines: () => [text] };
}
