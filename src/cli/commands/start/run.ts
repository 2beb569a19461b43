/**
 * `pwless start`: send a code (or a magic link) and, when the code can be had at once (--otp,
 * --otp-from, or a prompt on a terminal), finish the login; otherwise record the login as pending
 * for `pwless verify`. Everything that can be wrong with the command line is found before the
 * request, because every send voids the previous code and spends the rate limit (docs/auth0-behaviour.md, B-OTP-1, B-RATE-1).
 * What talks to the network (the HTTP client, the code sources, the token checks) is imported only
 * once the command line has passed those checks: a usage error does not pay for it (bench/startup.js).
 */
import type { PendingLogin } from '../../../config/pending.ts';
import { PUBLIC_APP_TYPES } from '../../../config/profile.ts';
import { loginProfile, requireTarget, type Settings } from '../../../config/resolve.ts';
import { buildAuthParams } from '../../login/link-params.ts';
import { commandSettings } from '../../settings.ts';
import { resolveClientSecret } from '../../../config/secret.ts';
import { InterruptedError, NetworkError, UsageError } from '../../../core/errors.ts';
import { toPwlessError } from '../../errors.ts';
import type { SendKind, StartParams } from '../../../core/passwordless.ts';
import { loginView } from '../../../render/login.ts';
import { pendingView } from '../../../render/pending.ts';
import type { OutputView } from '../../../render/view.ts';
import { codeSourceFrom, type CodeOptions } from '../../login/code-source.ts';
import { recordPending } from '../../login/persist.ts';
import { numberFlag, secondsFlag } from '../../number-flag.ts';
import type { Context } from '../../context.ts';
import { identityFrom } from '../../login/identity.ts';
import { checkForwardedFor } from '../../login/forwarded-for.ts';
import { createPkce } from '../../../core/pkce.ts';
import { OTP_SOURCES_HELP } from '../../../otp/source.ts';
import { DEFAULT_LISTEN_TIMEOUT_SECONDS } from '../../flag-values.ts';

export interface StartOptions extends CodeOptions {
  domain?: string;
  clientId?: string;
  email?: string;
  phone?: string;
  connection?: string;
  send?: string;
  scope?: string;
  audience?: string;
  redirectUri?: string;
  state?: string;
  nonce?: string;
  responseType?: string;
  authParam?: Record<string, string>;
  language?: string;
  forwardedFor?: string;
  clientSecretFile?: string;
  /** false with --no-wait. */
  wait?: boolean;
  /** false with --no-save. */
  save?: boolean;
  /** `--listen [port]`: true without a port. */
  listen?: string | boolean;
  listenTimeout?: string;
}

export async function start(options: StartOptions, ctx: Context): Promise<OutputView> {
  const config = await ctx.store.read();
  const settings = commandSettings(options, ctx, config);
  const { base, clientId } = requireTarget(settings);
  const identity = identityFrom(settings.email, settings.phone);
  checkForwardedFor(settings.forwardedFor);
  const send = sendKind(options.send);
  const codeSource = codeSourceFrom(options, ctx, send === 'code' && options.wait !== false, config);
  checkLinkOptions(send, options, codeSource?.kind);
  const listenTimeoutMs = secondsFlag(options.listenTimeout, '--listen-timeout', DEFAULT_LISTEN_TIMEOUT_SECONDS) * 1000;
  const secret = await resolveClientSecret(options.clientSecretFile, settings, ctx.stdin, ctx.env);
  warnIfForwardedForIgnored(settings, secret !== undefined, ctx);
  if (codeSource?.kind === 'from' && codeSource.source.kind === 'emulator') await (await import('../../../otp/emulator.ts')).assertEmulator(base, ctx.http);
  // Loaded only for --listen: a command that serves nothing does not pay for node:http (issue 16).
  const listener = options.listen !== undefined ? await (await import('../../login/listener.ts')).openListener(listenPort(options.listen)) : undefined;
  // A public client proves with PKCE that it started the login it finishes (RFC 7636).
  const pkce = send === 'link' && secret === undefined ? createPkce() : undefined;
  const authParams = buildAuthParams(send, settings, options, listener?.redirectUri, pkce?.challenge);

  const startParams: StartParams = {
    clientId,
    clientSecret: secret?.value,
    connection: settings.connection?.value ?? identity.channel,
    channel: identity.channel,
    identity: identity.value,
    send,
    authParams,
    language: settings.language?.value,
    forwardedFor: settings.forwardedFor?.value,
  };
  const pendingLogin = {
    domain: base.origin,
    client_id: clientId,
    profile: loginProfile(settings),
    connection: startParams.connection,
    channel: identity.channel,
    identity: identity.value,
    send,
    scope: settings.scope.value,
    audience: settings.audience?.value,
    state: authParams?.state,
    nonce: authParams?.nonce,
    redirect_uri: authParams?.redirect_uri,
    response_type: authParams?.response_type,
    code_verifier: pkce?.verifier,
  };
  if (send === 'link') {
    const { startLink } = await import('../../login/link-start.ts');
    return startLink({ base, start: startParams, pending: pendingLogin, codeSource, listener, listenTimeoutMs, save: options.save !== false }, ctx);
  }
  const { finishLogin, sendCode } = await import('../../login/flow.ts');
  const sinceMs = await sendCode(base, startParams, ctx);
  // Recorded even when the code is at hand: if reading it times out or is interrupted, or the code
  // is wrong, the login can still be finished with `pwless verify`; a finished login forgets it.
  const pending: PendingLogin = { created_at: new Date(sinceMs).toISOString(), ...pendingLogin };
  if (codeSource === undefined) {
    await recordPending(ctx, pending, 'stop');
    return pendingView(pending, OTP_SOURCES_HELP);
  }
  await recordPending(ctx, pending, 'go-on');
  try {
    const login = await finishLogin(
      {
        base,
        start: startParams,
        scope: settings.scope.value,
        audience: settings.audience?.value,
        codeSource,
        sinceMs,
        priorTries: 0,
        keep: { save: options.save !== false, profile: loginProfile(settings), nonce: authParams?.nonce, pending },
      },
      ctx,
    );
    return loginView(login, ctx.showTokens);
  } catch (error) {
    throw stillPending(error, pending);
  }
}

/** A code that never came (or a wait that was interrupted) leaves the login pending: the error says how to finish it. */
function stillPending(thrown: unknown, pending: PendingLogin): unknown {
  // A Ctrl-C arrives as an abort or a prompt's cancellation; it is an InterruptedError once translated.
  const error = toPwlessError(thrown) ?? thrown;
  if (!(error instanceof NetworkError && error.code === 'otp_timeout') && !(error instanceof InterruptedError)) return thrown;
  const who = pending.channel === 'email' ? `--email ${pending.identity}` : `--phone ${pending.identity}`;
  const hint = `${error.hint ? `${error.hint} ` : ''}The login is still pending: finish it with \`pwless verify ${who} --otp <code>\` (or --otp-from) while its code is valid.`;
  return error instanceof NetworkError
    ? new NetworkError(error.message, { code: error.code, hint, cause: error })
    : new InterruptedError(error.message, { code: error.code, hint, cause: error });
}

function sendKind(value: string | undefined): SendKind {
  if (value === undefined || value === 'code' || value === 'link') return value ?? 'code';
  throw new UsageError(`--send ${JSON.stringify(value)} is not valid: use code or link.`, { code: 'invalid_send' });
}

function checkLinkOptions(send: SendKind, options: StartOptions, source: string | undefined): void {
  if (send === 'code') {
    if (options.listen !== undefined) throw new UsageError('--listen waits for a magic link: add --send link.', { code: 'listen_needs_link' });
    return;
  }
  if (source === 'static')
    throw new UsageError('--otp gives a code; a magic link is finished with --listen, --otp-from <source> or `pwless verify --link`.', {
      code: 'link_expected',
    });
  if (options.listen === undefined) return;
  if (options.otpFrom !== undefined) throw new UsageError('Give either --listen or --otp-from, not both.', { code: 'conflicting_options' });
  if (options.redirectUri !== undefined)
    throw new UsageError('--listen makes its own redirect_uri (http://127.0.0.1:<port>/callback): drop --redirect-uri.', { code: 'conflicting_options' });
  if (options.responseType !== undefined && options.responseType !== 'code') {
    throw new UsageError(
      `--listen needs --response-type code: with ${options.responseType} the tokens come in the URL fragment, which a browser never sends to a server.`,
      { code: 'listen_needs_code_response' },
    );
  }
}

/** `--listen` alone takes any free port. */
function listenPort(value: string | boolean): number {
  return value === true ? 0 : (numberFlag(String(value), '--listen', { min: 0, max: 65535, integer: true, unit: 'port (0: any free one)' }) as number);
}

/** auth0-forwarded-for counts only from a confidential client that sends its secret and trusts it (docs/auth0-behaviour.md, B-FWD-2). */
function warnIfForwardedForIgnored(settings: Settings, secretSent: boolean, ctx: Context): void {
  if (settings.forwardedFor === undefined) return;
  const publicType = settings.appType !== undefined && PUBLIC_APP_TYPES.includes(settings.appType.value);
  if (secretSent && !publicType) return;
  ctx.warn(
    `--forwarded-for will be ignored: the tenant honours auth0-forwarded-for only from a confidential application that sends its client secret, with "Trust Token Endpoint IP Header" turned on in its settings${publicType ? ` (this profile's application is ${settings.appType?.value})` : ' (no client secret is sent)'}.`,
  );
}
