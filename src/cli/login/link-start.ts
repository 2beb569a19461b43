/**
 * The magic-link half of `pwless start --send link`: after the link is sent, either wait for the
 * browser on the loopback listener (--listen), or read the link from --otp-from and follow it
 * headlessly, or leave the login pending for `pwless verify --link`.
 */
import type { PendingLogin } from '../../config/pending.ts';
import { followLink } from '../../core/magic-link.ts';
import type { StartParams } from '../../core/passwordless.ts';
import { readLink } from '../../otp/read.ts';
import { OTP_SOURCES_HELP } from '../../otp/source.ts';
import { loginView } from '../../render/login.ts';
import { readLinkLine, waitForBrowserLines } from '../../render/login-progress.ts';
import { pendingView } from '../../render/pending.ts';
import type { OutputView } from '../../render/view.ts';
import type { Context } from '../context.ts';
import type { CodeSource } from './code-source.ts';
import { finishLinkLogin } from './link-login.ts';
import type { Listener } from './listener.ts';
import { readContext, sendCode } from './flow.ts';
import { recordPending } from './persist.ts';

export interface LinkStart {
  base: URL;
  start: StartParams;
  pending: Omit<PendingLogin, 'created_at'>;
  codeSource: CodeSource | undefined;
  listener: Listener | undefined;
  listenTimeoutMs: number;
  save: boolean;
}

/** The finished login, or the pending one when nothing here can bring the link back. */
export async function startLink(request: LinkStart, ctx: Context): Promise<OutputView> {
  const { base, start, listener } = request;
  try {
    const sinceMs = await sendCode(base, start, ctx);
    const pending: PendingLogin = { created_at: new Date(sinceMs).toISOString(), ...request.pending };
    // A link that is waited for here (--listen, --otp-from) is finished without the record.
    await recordPending(ctx, pending, listener !== undefined || request.codeSource?.kind === 'from' ? 'go-on' : 'stop');
    const login = { pending, clientSecret: start.clientSecret, save: request.save };
    if (listener !== undefined) {
      for (const line of waitForBrowserLines(ctx.err, start.identity, request.listenTimeoutMs / 1000, listener.redirectUri)) ctx.progress(line);
      const { params, answer } = await listener.callback(pending.state ?? '', request.listenTimeoutMs, ctx.signal);
      try {
        const result = await finishLinkLogin(login, { redirectTo: listener.redirectUri, params, via: 'query' }, ctx);
        answer(true, 'You are logged in: pwless has the tokens. Go back to the terminal.');
        return loginView(result, ctx.showTokens);
      } catch (error) {
        answer(false, (error as Error).message);
        throw error;
      }
    }
    if (request.codeSource?.kind === 'from') {
      const { link, from } = await readLink(request.codeSource.source, readContext(ctx, base, start.identity, sinceMs, request.codeSource));
      ctx.progress(readLinkLine(ctx.err, from));
      return loginView(await finishLinkLogin(login, await followLink(link, ctx.http), ctx), ctx.showTokens);
    }
    return pendingView(pending, OTP_SOURCES_HELP);
  } finally {
    await listener?.close();
  }
}
