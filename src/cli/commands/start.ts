/**
 * `pwless start`: send a code (or a magic link) and, when the code can be had at once (--otp,
 * --otp-from, or a prompt on a terminal), finish the login; otherwise record the login as pending
 * for `pwless verify`. Everything that can be wrong with the command line is found before the
 * request, because every send voids the previous code and spends the rate limit (reference §4.1–§4.2).
 */
import { randomBytes } from 'node:crypto';
import { savePending, type PendingLogin } from '../../config/pending.ts';
import { PUBLIC_APP_TYPES } from '../../config/profile.ts';
import { requireTarget, resolveSettings, type Settings } from '../../config/resolve.ts';
import { resolveClientSecret } from '../../config/secret.ts';
import { UsageError } from '../../core/errors.ts';
import type { SendKind, StartParams } from '../../core/passwordless.ts';
import { pendingLines } from '../../render/pending.ts';
import { codeSourceFrom, type CodeOptions } from '../code-source.ts';
import type { Context } from '../context.ts';
import { identityFrom } from '../identity.ts';
import { login, saveLogin, sendCode, type LoginResult } from '../login.ts';
import type { ViewResult } from '../result.ts';

/** Where a magic link lands when neither --redirect-uri nor the profile says (the emulator allows any loopback port). */
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1/callback';

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
}

export async function start(options: StartOptions, ctx: Context): Promise<LoginResult | ViewResult> {
  const settings = resolveSettings({ ...options, profile: ctx.profile }, ctx.env, await ctx.store.read());
  const { base, clientId } = requireTarget(settings);
  const identity = identityFrom(settings.email, settings.phone);
  const send = sendKind(options.send);
  const codeSource = codeSourceFrom(options, ctx, send === 'code' && options.wait !== false);
  const secret = await resolveClientSecret(options.clientSecretFile, settings, process.stdin, ctx.env);
  const authParams = buildAuthParams(send, settings, options);
  warnIfForwardedForIgnored(settings, secret !== undefined, ctx);

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
  const exchange = { base, start: startParams, scope: settings.scope.value, audience: settings.audience?.value };
  if (codeSource !== undefined) {
    const result = await login({ ...exchange, codeSource }, ctx);
    if (options.save !== false) await saveLogin(result, settings.profile?.value, ctx);
    return result;
  }

  const sinceMs = await sendCode(base, startParams, ctx);
  const pending: PendingLogin = {
    created_at: new Date(sinceMs).toISOString(),
    domain: base.origin,
    client_id: clientId,
    profile: settings.profile?.value,
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
  };
  await savePending(ctx.store, pending);
  return { kind: 'view', json: { pending }, lines: (c) => pendingLines(pending, c) };
}

function sendKind(value: string | undefined): SendKind {
  if (value === undefined || value === 'code' || value === 'link') return value ?? 'code';
  throw new UsageError(`--send ${JSON.stringify(value)} is not valid: use code or link.`, { code: 'invalid_option' });
}

/**
 * authParams (reference §1.1): for a link, what the link's redirect carries (redirect_uri,
 * response_type, scope, state, nonce, audience); for a code, only what the user asked for.
 */
function buildAuthParams(send: SendKind, settings: Settings, options: StartOptions): Record<string, string> | undefined {
  const explicit: Record<string, string> = { ...settings.authParams?.value, ...options.authParam };
  if (settings.redirectUri) explicit.redirect_uri = settings.redirectUri.value;
  if (options.responseType !== undefined) explicit.response_type = options.responseType;
  if (options.state !== undefined) explicit.state = options.state;
  if (options.nonce !== undefined) explicit.nonce = options.nonce;
  if (send === 'code') return Object.keys(explicit).length > 0 ? explicit : undefined;
  const link: Record<string, string> = {
    redirect_uri: DEFAULT_REDIRECT_URI,
    response_type: 'code',
    scope: settings.scope.value,
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
  };
  if (settings.audience) link.audience = settings.audience.value;
  return { ...link, ...explicit };
}

/** auth0-forwarded-for counts only for a confidential client that sends its secret and trusts the header (reference §4.4). */
function warnIfForwardedForIgnored(settings: Settings, secretSent: boolean, ctx: Context): void {
  if (settings.forwardedFor === undefined) return;
  const publicType = settings.appType !== undefined && PUBLIC_APP_TYPES.includes(settings.appType.value);
  if (secretSent && !publicType) return;
  ctx.warn(
    `--forwarded-for will be ignored: the tenant honours auth0-forwarded-for only from a confidential application that sends its client secret, with "Trust Token Endpoint IP Header" turned on in its settings${publicType ? ` (this profile's application is ${settings.appType?.value})` : ' (no client secret is sent)'}.`,
  );
}
