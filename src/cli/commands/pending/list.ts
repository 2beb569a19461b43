/**
 * `pwless pending`: the logins that `start` left waiting for their code, newest first, with how
 * old each is and whether its code can still be valid. Entries past a day are not listed and are
 * pruned on the next write.
 */
import { listPending } from '../../../config/pending.ts';
import { pendingListJson, pendingListLines } from '../../../render/pending-list.ts';
import type { Context } from '../../context.ts';
import { otpLifetimeSeconds } from '../../login/otp-lifetime.ts';
import type { ViewResult } from '../../../render/results.ts';

export async function pendingList(options: { otpLifetime?: string }, ctx: Context): Promise<ViewResult> {
  const lifetime = otpLifetimeSeconds(options.otpLifetime, ctx.env);
  const now = Date.now();
  const logins = ctx.store.exists() ? listPending(await ctx.store.read(), now) : [];
  const view = { logins, lifetime, now };
  return { kind: 'view', json: pendingListJson(view), lines: (c) => pendingListLines(view, c) };
}
