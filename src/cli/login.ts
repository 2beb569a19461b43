/**
 * The passwordless login, in its three steps: send the code, exchange it (getting it from the
 * chosen source), and verify the ID token against the tenant's keys. `start` and `demo` run all
 * three; `verify` runs the last two for a login that `start` left pending.
 * At the prompt, a wrong code is asked again while the tenant allows (3 attempts per code), and
 * a void or expired code leads to an offer to send a new one (reference §4.1). The other sources
 * give one answer and fail at once. /passwordless/start is never retried on its own.
 */
import { saveTokenSet, tokenKey } from '../config/saved-tokens.ts';
import { CodeRejectedError } from '../core/errors.ts';
import type { Verification } from '../core/jwt.ts';
import { verifyAgainstTenant } from '../core/tenant-verify.ts';
import { processStartResponse, startRequest, type StartParams } from '../core/passwordless.ts';
import { otpGrantRequest, processTokenResponse, type TokenSet } from '../core/token-endpoint.ts';
import { readCode, type ReadContext } from '../otp/read.ts';
import { removePending, type PendingLogin } from '../config/pending.ts';
import type { OtpSource } from '../otp/source.ts';
import type { Context } from './context.ts';
import { confirmYes, promptForCode } from './prompts.ts';

export const ATTEMPTS_PER_CODE = 3;

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
}

export interface LoginResult {
  kind: 'login';
  base: URL;
  start: StartParams;
  tokens: TokenSet;
  obtainedAt: Date;
  /** Absent when no ID token came back (no `openid` in the scope). */
  verification: Verification | undefined;
}

export async function login(request: Omit<ExchangeRequest, 'sinceMs'>, ctx: Context): Promise<LoginResult> {
  const sinceMs = await sendCode(request.base, request.start, ctx);
  return finishLogin({ ...request, sinceMs }, ctx);
}

/** POST /passwordless/start; returns the moment just before it, for the code sources. */
export async function sendCode(base: URL, start: StartParams, ctx: Context): Promise<number> {
  const sinceMs = Date.now();
  processStartResponse(await startRequest(base, start, ctx.http));
  const what = start.send === 'link' ? 'a link' : 'a code';
  ctx.progress(`${ctx.err.green('✓')} Sent ${what} by ${start.channel} to ${start.identity} (POST /passwordless/start; client ${start.clientId}, connection ${start.connection}).`);
  return sinceMs;
}

export async function finishLogin(request: ExchangeRequest, ctx: Context): Promise<LoginResult> {
  const tokens = await exchange(request, ctx);
  const obtainedAt = new Date();
  ctx.progress(`${ctx.err.green('✓')} Exchanged the code for tokens (POST /oauth/token, passwordless OTP grant).`);
  const verification = await checkIdToken(request.base, request.start.clientId, tokens, ctx);
  return { kind: 'login', base: request.base, start: request.start, tokens, obtainedAt, verification };
}

async function exchange(request: ExchangeRequest, ctx: Context): Promise<TokenSet> {
  let sinceMs = request.sinceMs;
  for (let attempt = 1; ; attempt++) {
    const code = await obtainCode(request, sinceMs, attempt, ctx);
    try {
      return processTokenResponse(await otpGrantRequest(request.base, request.start, { realm: request.start.connection, username: request.start.identity, otp: code, scope: request.scope, audience: request.audience }, ctx.http));
    } catch (error) {
      if (request.codeSource.kind !== 'prompt' || !(error instanceof CodeRejectedError)) throw error;
      if (/^Wrong /.test(error.message) && attempt < ATTEMPTS_PER_CODE) {
        const left = ATTEMPTS_PER_CODE - attempt;
        ctx.warn(`${error.message} ${left} attempt${left === 1 ? '' : 's'} left for this code.`);
        continue;
      }
      // The code is void (out of attempts) or expired: only a new one can help.
      ctx.warn(error.message);
      if (!(await confirmYes('Send a new code?'))) throw error;
      sinceMs = await sendCode(request.base, request.start, ctx);
      attempt = 0;
    }
  }
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
export function readContext(ctx: Context, base: URL, identity: string, sinceMs: number, source: { timeoutMs: number; regex?: RegExp | undefined }): ReadContext {
  return { base, identity, sinceMs, timeoutMs: source.timeoutMs, regex: source.regex, http: ctx.http, env: ctx.env, stdin: process.stdin, signal: ctx.signal };
}

/** A pending login is finished: forget it, and keep its tokens unless --no-save. */
export async function completePending(result: LoginResult, pending: PendingLogin, save: boolean, ctx: Context): Promise<void> {
  await removePending(ctx.store, pending);
  if (save) await saveLogin(result, pending.profile, ctx, pending.nonce);
}

/** Verifies the ID token, when there is one, against the keys the discovery document names. */
export async function checkIdToken(base: URL, clientId: string, tokens: TokenSet, ctx: Context, nonce?: string): Promise<Verification | undefined> {
  if (tokens.id_token === undefined) return undefined;
  const { verification, jwksUri } = await verifyAgainstTenant(base, tokens.id_token, { clientId, nonce }, ctx.http);
  ctx.progress(`${verification.ok ? ctx.err.green('✓') : ctx.err.red('✗')} Checked the ID token against the tenant's keys (${jwksUri}).`);
  return verification;
}

/** Keeps the token set for `pwless token` (config store, 0600), keyed by profile or by domain + client. */
export async function saveLogin(result: LoginResult, profile: string | undefined, ctx: Context, nonce?: string): Promise<void> {
  await saveTokenSet(ctx.store, tokenKey(profile, result.base.origin, result.start.clientId), {
    obtained_at: result.obtainedAt.toISOString(),
    domain: result.base.origin,
    client_id: result.start.clientId,
    profile,
    nonce,
    tokens: result.tokens,
  });
  ctx.progress(ctx.err.dim(`Saved the tokens for \`pwless token\`${profile ? ` (profile ${profile})` : ''}; --no-save skips this.`));
}
