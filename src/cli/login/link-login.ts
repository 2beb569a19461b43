/**
 * Finishing a magic-link login (docs/auth0-behaviour.md, B-LINK-3): check where the tenant redirected and with which
 * state, then take the tokens: exchange the `code` (with the client secret or the PKCE verifier),
 * or read them from the fragment for the implicit response types. The ID token's nonce must be the
 * one sent with the link. Each failed step says which it was.
 */
import type { PendingLogin } from '../../config/pending.ts';
import { codeGrantRequest } from '../../core/authorization-code.ts';
import { refusalReason } from '../../core/code-refusal.ts';
import { CodeRejectedError, LocalRefusalError, NetworkError } from '../../core/errors.ts';
import type { CallbackParams } from '../../core/magic-link.ts';
import type { StartParams } from '../../core/passwordless.ts';
import { processTokenResponse, type TokenSet } from '../../core/token-endpoint.ts';
import type { Context } from '../context.ts';
import { exchangedAuthorizationCodeLine, redirectedLine } from '../../render/login-progress.ts';
import { receiveTokens } from './flow.ts';
import type { LoginResult } from './types.ts';

export interface LinkLogin {
  pending: PendingLogin;
  clientSecret: string | undefined;
  /** false with --no-save. */
  save: boolean;
}

export async function finishLinkLogin(login: LinkLogin, callback: CallbackParams, ctx: Context): Promise<LoginResult> {
  const { pending } = login;
  const base = new URL(pending.domain);
  const tokens = await linkTokens(login, callback, ctx);
  const start: StartParams = {
    clientId: pending.client_id,
    connection: pending.connection,
    channel: pending.channel,
    identity: pending.identity,
    send: 'link',
  };
  return receiveTokens(
    { base, start, tokens, requestedScope: pending.scope },
    { save: login.save, profile: pending.profile, nonce: pending.nonce, pending },
    ctx,
  );
}

/** The tokens a followed link leads to, once the redirect is checked; `smoke` verifies them as a step of its own. */
export async function linkTokens(login: LinkLogin, callback: CallbackParams, ctx: Context): Promise<TokenSet> {
  checkCallback(login.pending, callback);
  ctx.progress(redirectedLine(ctx.err, callback.redirectTo));
  // A code may come in the fragment too (response_mode=fragment): whatever carries it, a code is exchanged.
  const code = callback.params.code;
  return code !== undefined ? await exchangeCode(login, code, ctx) : tokensFromFragment(callback.params);
}

function checkCallback(pending: PendingLogin, callback: CallbackParams): void {
  const expected = pending.redirect_uri ? new URL(pending.redirect_uri) : undefined;
  if (expected && `${expected.origin}${expected.pathname}` !== callback.redirectTo) {
    throw new LocalRefusalError(`The tenant redirected to ${callback.redirectTo}, not to the redirect_uri sent with the link (${pending.redirect_uri}).`, {
      code: 'unexpected_redirect',
      reason: 'callback_mismatch',
      hint: "Check the application's Allowed Callback URLs and the --redirect-uri given to start.",
    });
  }
  const { error, error_description: description } = callback.params;
  if (error !== undefined) {
    // The tenant's own answer, carried by the redirect (RFC 6749 §4.1.2.1), e.g. an expired link's
    // `#error=unauthorized&error_description=The verification code has expired…`.
    throw new CodeRejectedError(`The tenant redirected with an error: ${error}${description ? `: ${description}` : ''}.`, {
      status: 302,
      body: { error, error_description: description },
      reason: refusalReason({ error, error_description: description }),
      hint: 'Send a new link with `pwless start --send link`; a link works once and only while its code is valid.',
    });
  }
  if (callback.params.state !== pending.state) {
    throw new LocalRefusalError(`The state in the redirect (${callback.params.state ?? 'none'}) is not the one sent with this login.`, {
      code: 'state_mismatch',
      hint: 'The link belongs to another login: use the link of the latest `pwless start --send link`.',
    });
  }
  if ((pending.response_type ?? 'code') === 'code' && !callback.params.code) {
    throw new NetworkError('The redirect carries no code.', {
      code: 'missing_code',
      hint: 'Check the response_type given to start (code, token, id_token or "token id_token").',
    });
  }
}

async function exchangeCode(login: LinkLogin, code: string, ctx: Context): Promise<TokenSet> {
  const { pending } = login;
  const res = await codeGrantRequest(
    new URL(pending.domain),
    { clientId: pending.client_id, clientSecret: login.clientSecret },
    { code, redirectUri: pending.redirect_uri ?? '', codeVerifier: pending.code_verifier },
    ctx.http,
  );
  const tokens = processTokenResponse(res);
  ctx.progress(exchangedAuthorizationCodeLine(ctx.err, Boolean(pending.code_verifier)));
  return tokens;
}

/** Implicit response types put the tokens in the fragment, with expires_in as text. */
function tokensFromFragment(params: Record<string, string>): TokenSet {
  const expiresIn = Number(params.expires_in ?? 0);
  if (params.access_token === undefined && params.id_token === undefined) {
    throw new NetworkError('The redirect fragment carries no token.', { code: 'invalid_response' });
  }
  return {
    access_token: params.access_token ?? '',
    token_type: params.token_type ?? 'Bearer',
    expires_in: Number.isFinite(expiresIn) ? expiresIn : 0,
    id_token: params.id_token,
    scope: params.scope,
  };
}
