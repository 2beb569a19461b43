/**
 * `pwless pending clear`: forget the pending logins whose code is void (past --otp-lifetime);
 * with --all, every one.
 */
import { clearPending, mayBeLive } from '../../../config/pending.ts';
import { outputView, type OutputView } from '../../../render/view.ts';
import type { Context } from '../../context.ts';
import { otpLifetimeSeconds } from '../../login/otp-lifetime.ts';

export interface PendingClearOptions {
  otpLifetime?: string;
  all?: boolean;
}

export async function pendingClear(options: PendingClearOptions, ctx: Context): Promise<OutputView> {
  const lifetime = otpLifetimeSeconds(options.otpLifetime, ctx.env);
  const now = Date.now();
  const cleared = await clearPending(ctx.store, options.all === true ? 'all' : (p) => !mayBeLive(p, lifetime, now));
  const scope = options.all === true ? '' : ` whose code is past its lifetime (${lifetime} s)`;
  const text = cleared === 0 ? `There was no pending login${scope}.` : `Forgot ${cleared} pending login${cleared === 1 ? '' : 's'}${scope}.`;
  return outputView({ cleared }, () => [text]);
}
