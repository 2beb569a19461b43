/**
 * The passwordless login, in its three steps: send the code, exchange it (getting it from the
 * chosen source), and verify the ID token against the tenant's keys. `start` and `demo` run all
 * three; `verify` runs the last two for a login that `start` left pending.
 * At the prompt, a wrong code is asked again while the tenant allows (3 attempts per code), and
 * a void or expired code leads to an offer to send a new one (Auth0 docs, Passwordless best
 * practices: https://auth0.com/docs/authenticate/passwordless/best-practices). The other sources
 * give one answer and fail at once.
 * /passwordless/start is never retried on its own. Once the code is spent, the tokens are kept
 * before anything else can fail (see receiveTokens).
 */
import { ATTEMPTS_PER_CODE, savePending, removePending, type PendingLogin } from '../../config/pending.ts';
import { saveTokenSet, tokenKey } from '../../config/saved-tokens.ts';
import { CodeRejectedError, PwlessError } from '../../core/errors.ts';
import type { Verification } from '../../core/jwt.ts';
import { verifyAgainstTenant } from '../../core/tenant-verify.ts';
import { processStartResponse, startRequest, type StartParams } from '../../core/passwordless.ts';
import { otpGrantRequest, processTokenResponse, type TokenSet } from '../../core/token-endpoint.ts';
import { readCode } from '../../otp/read.ts';
import type { ReadContext } from '../../otp/read-context.ts';
import type { OtpSource } from '../../otp/source.ts';
import type { LoginResult } from '../../render/results.ts';
import type { Context } from '../context.ts';
import { confirmYes, promptForCode } from '../prompts.ts';
import { missingTokenWarnings } from '../tokens/warnings.ts';

export type CodeSource =
  | { kind: 'static'; code: string }
  | { kind: 'from'; source: OtpSource; timeoutMs: number; regex: RegExp | undefined }
  | { kind: 'prompt' };

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

export async function login(request: Omit<ExchangeRequest, 'sinceMs' | 'priorTries'>, ctx: Context): Promise<LoginResult> {
  const sinceMs = await sendCode(request.base, request.start, ctx);
  return finishLogin({ ...request, sinceMs, priorTries: 0 }, ctx);
}

/** POST /passwordless/start; returns the moment just before it, for the code sources. */
export async function sendCode(base: URL, start: StartParams, ctx: Context): Promise<number> {
  const sinceMs = Date.now();
  const { warnings } = processStartResponse(await startRequest(base, start, ctx.http));
  for (const warning of warnings) ctx.warn(warning);
  const what = start.send === 'link' ? 'a link' : 'a code';
  ctx.progress(
    `${ctx.err.green('✓')} Sent ${what} by ${start.channel} to ${start.identity} (POST /passwordless/start; client ${start.clientId}, connection ${start.connection}).`,
  );
  return sinceMs;
}

export async function finishLogin(request: ExchangeRequest, ctx: Context): Promise<LoginResult> {
  const tokens = await exchange(request, ctx);
  ctx.progress(`${ctx.err.green('✓')} Exchanged the code for tokens (POST /oauth/token, passwordless OTP grant).`);
  return receiveTokens({ base: request.base, start: request.start, tokens, requestedScope: request.scope }, request.keep, ctx);
}

/**
 * The code is spent and the tokens are here: keep them first (pending login finished, tokens
 * saved), then verify. A failure from here on (discovery, JWKS, issuer) no longer loses them: it
 * travels with the result, which shows the tokens and exits with that failure's code.
 */
export async function receiveTokens(
  received: Pick<LoginResult, 'base' | 'start' | 'tokens' | 'requestedScope'>,
  keep: Keep,
  ctx: Context,
): Promise<LoginResult> {
  const result: LoginResult = { kind: 'login', ...received, obtainedAt: new Date(), verification: undefined, saved: false };
  for (const warning of missingTokenWarnings(received.requestedScope, received.tokens, received.start.send)) ctx.warn(warning);
  try {
    if (keep.pending) await removePending(ctx.store, keep.pending);
    if (keep.save) {
      await saveLogin(result, keep, ctx);
      result.saved = true;
    }
  } catch (error) {
    // A config store that cannot be written must not cost the tokens themselves: they are still shown.
    if (!(error instanceof PwlessError)) throw error;
    result.failure = error;
    ctx.warn('The tokens could not be saved (the error follows); they are shown below.');
  }
  try {
    result.verification = await checkIdToken(result.base, result.start.clientId, result.tokens, ctx, keep.nonce);
  } catch (error) {
    if (!(error instanceof PwlessError)) throw error;
    result.failure ??= error;
    ctx.warn(
      `The ID token could not be verified (${result.failure === error ? 'the error follows' : error.message.replace(/\.$/, '')}); the tokens are shown below${result.saved ? ' and were saved for `pwless token`' : ''}.`,
    );
  }
  return result;
}

/** POST /oauth/token with the code from the source (asked again at the prompt while the code allows); `smoke` times it as its own step. */
export async function exchange(request: ExchangeRequest, ctx: Context): Promise<TokenSet> {
  let sinceMs = request.sinceMs;
  let spent = request.priorTries;
  let pending = request.keep.pending;
  for (let attempt = 1; ; attempt++) {
    const code = await obtainCode(request, sinceMs, attempt, ctx);
    try {
      return processTokenResponse(
        await otpGrantRequest(
          request.base,
          request.start,
          { realm: request.start.connection, username: request.start.identity, otp: code, scope: request.scope, audience: request.audience },
          ctx.http,
        ),
      );
    } catch (error) {
      if (!(error instanceof CodeRejectedError)) throw error;
      error.attemptsLeft = attemptsLeft(error, spent === undefined ? undefined : spent + attempt);
      // A later `verify` of this pending login then knows how many tries the code has left; a void code has none.
      const isVoid = error.reason === 'exhausted' || error.reason === 'expired';
      if (pending && (isVoid || (error.reason === 'wrong' && spent !== undefined))) {
        await savePending(ctx.store, { ...pending, failed_attempts: isVoid ? ATTEMPTS_PER_CODE : (spent ?? 0) + attempt });
      }
      if (request.codeSource.kind !== 'prompt') throw error;
      // Tries unknown (ad hoc verify): ask again, and let the tenant say when the code is void.
      const left = error.attemptsLeft;
      if (error.reason === 'wrong' && (left === undefined || left > 0)) {
        ctx.warn(left === undefined ? error.message : `${error.message} ${left} attempt${left === 1 ? '' : 's'} left for this code.`);
        continue;
      }
      // The code is void (out of attempts) or expired: only a new one can help.
      ctx.warn(error.reason === 'wrong' ? `${error.message} That was the last attempt for this code.` : error.message);
      if (!(await confirmYes('Send a new code?'))) throw error;
      sinceMs = await sendCode(request.base, request.start, ctx);
      attempt = 0;
      spent = 0;
      // The pending login now waits for the new code: its age and tries start again.
      if (pending) {
        pending = { ...pending, created_at: new Date(sinceMs).toISOString(), failed_attempts: 0 };
        await savePending(ctx.store, pending);
      }
    }
  }
}

/** Tries left for a refused code: none once void, the rest of the tenant's allowance after a wrong one (when the tries are known). */
function attemptsLeft(error: CodeRejectedError, triedSoFar: number | undefined): number | undefined {
  if (error.reason === 'exhausted' || error.reason === 'expired') return 0;
  if (error.reason === 'wrong' && triedSoFar !== undefined) return Math.max(0, ATTEMPTS_PER_CODE - triedSoFar);
  return undefined;
}

async function obtainCode(request: ExchangeRequest, sinceMs: number, attempt: number, ctx: Context): Promise<string> {
  const source = request.codeSource;
  switch (source.kind) {
    case 'static':
      return source.code;
    case 'prompt':
      return promptForCode(ctx, attempt === 1 ? `Code sent to ${request.start.identity}:` : 'Code (try again):');
    case 'from': {
      const found = await readCode(source.source, readContext(ctx, request.base, request.start.identity, sinceMs, source));
      ctx.progress(`${ctx.err.green('✓')} Read the code from ${found.from}.`);
      return found.code;
    }
  }
}

/** What a code source needs to know to read the message of this login. */
export function readContext(
  ctx: Context,
  base: URL,
  identity: string,
  sinceMs: number,
  source: { timeoutMs: number; regex?: RegExp | undefined },
): ReadContext {
  return { base, identity, sinceMs, timeoutMs: source.timeoutMs, regex: source.regex, http: ctx.http, env: ctx.env, stdin: process.stdin, signal: ctx.signal };
}

/** Verifies the ID token, when there is one, against the keys the discovery document names. */
export async function checkIdToken(base: URL, clientId: string, tokens: TokenSet, ctx: Context, nonce?: string): Promise<Verification | undefined> {
  if (tokens.id_token === undefined) return undefined;
  const { verification, jwksUri } = await verifyAgainstTenant(base, tokens.id_token, { clientId, nonce }, ctx.http);
  ctx.progress(`${verification.ok ? ctx.err.green('✓') : ctx.err.red('✗')} Checked the ID token against the tenant's keys (${jwksUri}).`);
  return verification;
}

/** Keeps the token set for `pwless token` (config store, 0600), keyed by profile or by domain + client. */
async function saveLogin(result: LoginResult, keep: Keep, ctx: Context): Promise<void> {
  const { profile } = keep;
  await saveTokenSet(ctx.store, tokenKey(profile, result.base.origin, result.start.clientId), {
    obtained_at: result.obtainedAt.toISOString(),
    domain: result.base.origin,
    client_id: result.start.clientId,
    profile,
    nonce: keep.nonce,
    requested_scope: result.requestedScope,
    send: result.start.send,
    tokens: result.tokens,
  });
  ctx.progress(ctx.err.dim(`Saved the tokens for \`pwless token\`${profile ? ` (profile ${profile})` : ''}; --no-save skips this.`));
}
