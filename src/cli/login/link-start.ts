/**
 * The magic-link half of `pwless start --send link`: after the link is sent, either wait for the
 * browser on the loopback listener (--listen), or read the link from --otp-from and follow it
 * headlessly, or leave the login pending for `pwless verify --link`.
 */
import { savePending, type PendingLogin } from '../../config/pending.ts';
import { followLink } from '../../core/magic-link.ts';
import type { StartParams } from '../../core/passwordless.ts';
import { readLink } from '../../otp/read.ts';
import { pendingJson, pendingLines } from '../../render/pending.ts';
import type { Context } from '../context.ts';
import { finishLinkLogin } from './link-login.ts';
import type { Listener } from './listener.ts';
import { readContext, sendCode, type CodeSource } from './flow.ts';
import type { LoginResult, ViewResult } from '../../render/results.ts';

export interface LinkStart {
  base: URL;
  start: StartParams;
  pending: Omit<PendingLogin, 'created_at'>;
  codeSource: CodeSource | undefined;
  listener: Listener | undefined;
  listenTimeoutMs: number;
  save: boolean;
}

export async function startLink(request: LinkStart, ctx: Context): Promise<LoginResult | ViewResult> {
  const { base, start, listener } = request;
  try {
    const sinceMs = await sendCode(base, start, ctx);
    const pending: PendingLogin = { created_at: new Date(sinceMs).toISOString(), ...request.pending };
    await savePending(ctx.store, pending);
    const login = { pending, clientSecret: start.clientSecret, save: request.save };
    let result: LoginResult;
    if (listener !== undefined) {
      ctx.progress(`Open the link in the message to ${start.identity} in a browser on this machine.`);
      ctx.progress(ctx.err.dim(`Waiting up to ${request.listenTimeoutMs / 1000} s for it to land on ${listener.redirectUri} (Ctrl-C to stop).`));
      const { params, answer } = await listener.callback(pending.state ?? '', request.listenTimeoutMs, ctx.signal);
      try {
        result = await finishLinkLogin(login, { redirectTo: listener.redirectUri, params, via: 'query' }, ctx);
        answer(true, 'You are logged in: pwless has the tokens. Go back to the terminal.');
      } catch (error) {
        answer(false, (error as Error).message);
        throw error;
      }
    } else if (request.codeSource?.kind === 'from') {
      const { link, from } = await readLink(request.codeSource.source, readContext(ctx, base, start.identity, sinceMs, request.codeSource));
      ctx.progress(`${ctx.err.green('✓')} Read the link from ${from}; following it without a browser.`);
      result = await finishLinkLogin(login, await followLink(link, ctx.http), ctx);
    } else {
      return { kind: 'view', json: pendingJson(pending), lines: (c) => pendingLines(pending, c) };
    }
    return result;
  } finally {
    await listener?.close();
  }
}
