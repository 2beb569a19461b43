/**
 * The passwordless login, start to verified tokens: send the code, get it from the chosen source,
 * exchange it, then verify the ID token against the tenant's keys. Shared by `start` and `demo`.
 * A wrong code typed at the prompt is asked again while the tenant allows (3 attempts per code,
 * reference §4.1); the other sources have one answer and fail at once.
 */
import { CodeRejectedError } from '../core/errors.ts';
import { discover } from '../core/discovery.ts';
import { verifyIdToken, type Verification } from '../core/jwt.ts';
import { processStartResponse, startRequest, type StartParams } from '../core/passwordless.ts';
import { otpGrantRequest, processTokenResponse, type TokenSet } from '../core/token-endpoint.ts';
import { codeFromEmulator } from '../otp/emulator.ts';
import { saveTokenSet, tokenKey } from '../config/saved-tokens.ts';
import type { Context } from './context.ts';
import { promptForCode } from './prompts.ts';

export const ATTEMPTS_PER_CODE = 3;

export type CodeSource = { kind: 'static'; code: string } | { kind: 'emulator'; waitMs: number } | { kind: 'prompt' };

export interface LoginRequest {
  base: URL;
  start: StartParams;
  scope: string | undefined;
  audience: string | undefined;
  codeSource: CodeSource;
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

export async function login(request: LoginRequest, ctx: Context): Promise<LoginResult> {
  const { base, start } = request;
  const since = Date.now();
  processStartResponse(await startRequest(base, start, ctx.http));
  const ok = ctx.err.green('✓');
  ctx.progress(`${ok} Sent a code by ${start.channel} to ${start.identity} (POST /passwordless/start; client ${start.clientId}, connection ${start.connection}).`);

  const tokens = await exchangeWithRetries(request, since, ctx);
  const obtainedAt = new Date();
  ctx.progress(`${ok} Exchanged the code for tokens (POST /oauth/token, passwordless OTP grant).`);

  let verification: Verification | undefined;
  if (tokens.id_token !== undefined) {
    const metadata = await discover(base, ctx.http);
    verification = await verifyIdToken(tokens.id_token, {
      jwksUri: metadata.jwks_uri,
      issuer: metadata.issuer,
      clientId: start.clientId,
      timeoutMs: ctx.http.timeoutMs,
    });
    ctx.progress(`${verification.ok ? ok : ctx.err.red('✗')} Checked the ID token against the tenant's keys (${metadata.jwks_uri}).`);
  }
  return { kind: 'login', base, start, tokens, obtainedAt, verification };
}

/** Keeps the token set for `pwless token` (config store, 0600), keyed by profile or by domain + client. */
export async function saveLogin(result: LoginResult, profile: string | undefined, ctx: Context, nonce?: string): Promise<void> {
  const key = tokenKey(profile, result.base.origin, result.start.clientId);
  await saveTokenSet(ctx.store, key, {
    obtained_at: result.obtainedAt.toISOString(),
    domain: result.base.origin,
    client_id: result.start.clientId,
    profile,
    nonce,
    tokens: result.tokens,
  });
  ctx.progress(ctx.err.dim(`Saved the tokens for \`pwless token\`${profile ? ` (profile ${profile})` : ''}; --no-save skips this.`));
}

async function exchangeWithRetries(request: LoginRequest, since: number, ctx: Context): Promise<TokenSet> {
  const { base, start } = request;
  for (let attempt = 1; ; attempt++) {
    const code = await obtainCode(request, since, attempt, ctx);
    try {
      const res = await otpGrantRequest(
        base,
        { clientId: start.clientId, clientSecret: start.clientSecret },
        { realm: start.connection, username: start.identity, otp: code, scope: request.scope, audience: request.audience },
        ctx.http,
      );
      return processTokenResponse(res);
    } catch (error) {
      const wrongCode = error instanceof CodeRejectedError && /^Wrong /.test(error.message);
      if (request.codeSource.kind !== 'prompt' || !wrongCode || attempt >= ATTEMPTS_PER_CODE) throw error;
      const left = ATTEMPTS_PER_CODE - attempt;
      ctx.warn(`${error.message} ${left} attempt${left === 1 ? '' : 's'} left for this code.`);
    }
  }
}

async function obtainCode(request: LoginRequest, since: number, attempt: number, ctx: Context): Promise<string> {
  const source = request.codeSource;
  switch (source.kind) {
    case 'static':
      return source.code;
    case 'emulator': {
      const message = await codeFromEmulator(request.base, request.start.identity, since, source.waitMs, ctx.http);
      ctx.progress(`${ctx.err.green('✓')} Read the code from the emulator's outbox (message ${message.id}).`);
      return message.code;
    }
    case 'prompt':
      return promptForCode(ctx, attempt === 1 ? `Code sent to ${request.start.identity}:` : 'Code (try again):');
  }
}
