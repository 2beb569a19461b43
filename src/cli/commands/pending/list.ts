/**
 * `pwless pending`: the logins that `start` left waiting for their code, newest first, with how
 * old each is and whether its code can still be valid. Entries past a day are not listed and are
 * pruned on the next write.
 */
import { listPending, mayBeLive } from '../../../config/pending.ts';
import { pendingListJson, pendingListLines, type PendingListView } from '../../../render/pending-list.ts';
import { outputView, type OutputView } from '../../../render/view.ts';
import type { Context } from '../../context.ts';
import { otpLifetimeSeconds } from '../../login/otp-lifetime.ts';

export async function pendingList(options: { otpLifetime?: string }, ctx: Context): Promise<OutputView> {
  const lifetime = otpLifetimeSeconds(options.otpLifetime, ctx.env);
  const now = Date.now();
  const logins = ctx.store.exists() ? listPending(await ctx.store.read(), now) : [];
  const view: PendingListView = { logins: logins.map((login) => ({ login, mayBeLive: mayBeLive(login, lifetime, now) })), lifetime, now };
  return outputView(pendingListJson(view), (c) => pendingListLines(view, c));
}
