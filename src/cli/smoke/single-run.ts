/**
 * One smoke run: start → code (or link) → token → verify → userinfo, each a timed step, with the
 * pieces `start` and `verify` use (src/cli/login/). Nothing is saved: a smoke test leaves no
 * pending login and no token set behind. Every secret (the code, the link, each token) goes to
 * `onSecret` the moment it is known, before anything could print it (GitHub's add-mask).
 */
import type { PendingLogin } from '../../config/pending.ts';
import { VerificationError } from '../../core/errors.ts';
import type { Verification } from '../../core/jwt.ts';
import { classifyToken } from '../../core/jwt-decode.ts';
import { followLink } from '../../core/magic-link.ts';
import type { StartParams } from '../../core/passwordless.ts';
import { createPkce } from '../../core/pkce.ts';
import type { TokenSet } from '../../core/token-endpoint.ts';
import { compareClaims, processUserinfoResponse, userinfoRequest } from '../../core/userinfo.ts';
import { readCode, readLink } from '../../otp/read.ts';
import type { SmokeRun, StepName } from '../../render/smoke.ts';
import type { Context } from '../context.ts';
import type { Identity } from '../login/identity.ts';
import { exchange, readContext, sendCode, verifyIdToken } from '../login/flow.ts';
import { linkTokens } from '../login/link-login.ts';
import { buildAuthParams } from '../login/link-params.ts';
import { verificationFailure } from '../tokens/verification-failure.ts';
import { missingTokenWarnings } from '../tokens/warnings.ts';
import { assertionFailure, checkExpectations } from './assertions.ts';
import type { SmokePlan } from './plan.ts';
import { StepFailed, StepTimer } from './steps.ts';

export interface RunOutcome {
  run: SmokeRun;
  /** For --output and --github-output; never part of a report. */
  tokens: TokenSet | undefined;
}

export async function runOnce(plan: SmokePlan, n: number, ctx: Context, onSecret: (value: string) => void): Promise<RunOutcome> {
  const identity = plan.identity(n);
  const timer = new StepTimer();
  const planned = plannedSteps(plan);
  let tokens: TokenSet | undefined;
  let verification: Verification | undefined;
  const claims: Record<string, unknown> = {};
  let failure: SmokeRun['failure'];
  let failedStep: StepName | undefined;
  try {
    const start = startParams(plan, identity);
    const pkce = plan.send === 'link' && plan.clientSecret === undefined ? createPkce() : undefined;
    start.authParams = buildAuthParams(plan.send, plan.settings, plan.authFlags, undefined, pkce?.challenge);
    const sinceMs = await timer.run('start', () => sendCode(plan.base, start, ctx));
    tokens =
      plan.send === 'link'
        ? await linkSteps(plan, start, sinceMs, pkce?.verifier, timer, ctx, onSecret)
        : await codeSteps(plan, start, sinceMs, timer, ctx, onSecret);
    for (const token of [tokens.access_token, tokens.id_token, tokens.refresh_token]) if (token !== undefined) onSecret(token);
    for (const warning of missingTokenWarnings(plan.scope, tokens, plan.send)) ctx.warn(warning);
    const access = classifyToken(tokens.access_token);
    if (access.format === 'jwt') claims.access_token = access.claims;
    const got = tokens;
    if (got.id_token === undefined) timer.skip('verify', 'no ID token came back (openid not in --scope?)');
    else {
      const idToken = classifyToken(got.id_token);
      if (idToken.format === 'jwt') claims.id_token = idToken.claims;
      verification = await timer.run(
        'verify',
        async () => {
          const checked = (await verifyIdToken(plan.base, plan.clientId, got, ctx, start.authParams?.nonce)) as Verification;
          verification = checked;
          const failed = verificationFailure(checked);
          if (failed) throw failed;
          return checked;
        },
        (v) => `${String(v.header.alg)}, kid ${String(v.header.kid)}`,
      );
    }
    if (plan.userinfo) claims.userinfo = await timer.run('userinfo', () => userinfo(plan, got, verification, ctx));
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    failure = error.error;
    failedStep = error.step;
    timer.skipRest(planned, error.step);
  }
  const idClaims = verification?.claims ?? (claims.id_token as Record<string, unknown> | undefined);
  const assertions = checkExpectations(
    plan.expectations,
    tokens === undefined ? undefined : { tokens, idClaims, requestedScope: plan.scope },
    `the ${failedStep ?? 'token'} step failed`,
  );
  failure ??= assertionFailure(assertions);
  return { run: { n, identity: identity.value, steps: timer.steps, assertions, claims, failure, failedStep }, tokens };
}

function plannedSteps(plan: SmokePlan): StepName[] {
  return ['start', plan.send === 'link' ? 'link' : 'code', 'token', 'verify', ...(plan.userinfo ? (['userinfo'] as const) : [])];
}

function startParams(plan: SmokePlan, identity: Identity): StartParams {
  return {
    clientId: plan.clientId,
    clientSecret: plan.clientSecret,
    connection: plan.connection ?? identity.channel,
    channel: identity.channel,
    identity: identity.value,
    send: plan.send,
    language: plan.settings.language?.value,
    forwardedFor: plan.settings.forwardedFor?.value,
  };
}

async function codeSteps(
  plan: SmokePlan,
  start: StartParams,
  sinceMs: number,
  timer: StepTimer,
  ctx: Context,
  onSecret: (v: string) => void,
): Promise<TokenSet> {
  const source = plan.codeSource;
  const code = await timer.run(
    'code',
    async () => {
      if (source.kind === 'static') return { code: source.code, from: '--otp' };
      const found = await readCode(source.source, readContext(ctx, plan.base, start.identity, sinceMs, source));
      onSecret(found.code);
      return found;
    },
    (found) => `from ${found.from}`,
  );
  if (source.kind === 'static') onSecret(code.code);
  return timer.run('token', () =>
    exchange(
      {
        base: plan.base,
        start,
        scope: plan.scope,
        audience: plan.audience,
        codeSource: { kind: 'static', code: code.code },
        sinceMs,
        keep: { save: false, profile: undefined },
        priorTries: 0,
      },
      ctx,
    ),
  );
}

async function linkSteps(
  plan: SmokePlan,
  start: StartParams,
  sinceMs: number,
  codeVerifier: string | undefined,
  timer: StepTimer,
  ctx: Context,
  onSecret: (v: string) => void,
): Promise<TokenSet> {
  const source = plan.codeSource;
  if (source.kind !== 'from') throw new Error('unreachable: a link smoke reads its link from a source');
  const found = await timer.run(
    'link',
    async () => {
      const read = await readLink(source.source, readContext(ctx, plan.base, start.identity, sinceMs, source));
      onSecret(read.link.href);
      const code = read.link.searchParams.get('verification_code');
      if (code) onSecret(code);
      return read;
    },
    (read) => `from ${read.from}`,
  );
  const authParams = start.authParams ?? {};
  const pending: PendingLogin = {
    created_at: new Date(sinceMs).toISOString(),
    domain: plan.base.origin,
    client_id: plan.clientId,
    connection: start.connection,
    channel: start.channel,
    identity: start.identity,
    send: 'link',
    scope: plan.scope,
    audience: plan.audience,
    state: authParams.state,
    nonce: authParams.nonce,
    redirect_uri: authParams.redirect_uri,
    response_type: authParams.response_type,
    code_verifier: codeVerifier,
  };
  return timer.run('token', async () => linkTokens({ pending, clientSecret: plan.clientSecret, save: false }, await followLink(found.link, ctx.http), ctx));
}

/** GET /userinfo; a `sub` other than the ID token's fails the step (OIDC Core §5.3.2), as in `pwless token userinfo`. */
async function userinfo(plan: SmokePlan, tokens: TokenSet, verification: Verification | undefined, ctx: Context): Promise<Record<string, unknown>> {
  const claims = processUserinfoResponse(await userinfoRequest(plan.base, tokens.access_token, ctx.http));
  const sub = verification ? compareClaims(claims, verification.claims).find((row) => row.claim === 'sub') : undefined;
  if (sub !== undefined && sub.status !== 'same') {
    throw new VerificationError(`/userinfo answered for sub ${JSON.stringify(sub.userinfo)}, but the ID token is about ${JSON.stringify(sub.id_token)}.`, {
      code: 'sub',
      hint: 'OpenID Connect Core §5.3.2: a userinfo answer whose sub differs from the ID token must not be used.',
    });
  }
  return claims;
}
