/**
 * `pwless verify`: finish a login that `start` left pending (the most recent one, or the one of
 * --email/--phone), or, given --domain, --client-id and the identity, any code at hand. The code
 * comes from --otp, --otp-from or the prompt; with none of them and no terminal it fails at once.
 */
import { findPending, removePending, type PendingLogin } from '../../config/pending.ts';
import { requireTarget, resolveSettings, type Settings, type Sourced } from '../../config/resolve.ts';
import { tenantBaseUrl } from '../../core/domain.ts';
import { resolveClientSecret } from '../../config/secret.ts';
import { UsageError } from '../../core/errors.ts';
import { codeSourceFrom, type CodeOptions } from '../code-source.ts';
import type { Context } from '../context.ts';
import { identityFrom } from '../identity.ts';
import { finishLogin, saveLogin, type LoginResult } from '../login.ts';

export interface VerifyOptions extends CodeOptions {
  domain?: string;
  clientId?: string;
  email?: string;
  phone?: string;
  connection?: string;
  scope?: string;
  audience?: string;
  clientSecretFile?: string;
  save?: boolean;
}

export async function verify(options: VerifyOptions, ctx: Context): Promise<LoginResult> {
  const config = await ctx.store.read();
  const codeSource = codeSourceFrom(options, ctx, true);
  if (codeSource === undefined) {
    throw new UsageError('No way to get the code: there is no terminal to ask on (or --no-input was given).', {
      code: 'missing_input',
      hint: 'Pass --otp <code>, or --otp-from stdin | env:VAR | file:PATH | cmd:\'…\' | emulator.',
    });
  }
  let settings = resolveSettings({ ...options, profile: ctx.profile }, ctx.env, config);
  const pending = await findPending(ctx.store, pendingFilter(options, settings));
  // The login's own profile holds its secret, unless the user picked one for this command.
  if (pending?.profile !== undefined && ctx.profile === undefined && !ctx.env.PWLESS_PROFILE) {
    settings = resolveSettings({ ...options, profile: pending.profile }, ctx.env, config);
  }
  const login = pending ?? adHocLogin(settings);
  const secret = await resolveClientSecret(options.clientSecretFile, settings, process.stdin, ctx.env);
  if (pending) ctx.progress(ctx.err.dim(`Finishing the login of ${pending.identity} started at ${pending.created_at} (${pending.domain}, client ${pending.client_id}).`));

  const result = await finishLogin(
    {
      base: new URL(login.domain),
      start: { clientId: login.client_id, clientSecret: secret?.value, connection: options.connection ?? login.connection, channel: login.channel, identity: login.identity, send: login.send },
      scope: options.scope ?? login.scope ?? settings.scope.value,
      audience: options.audience ?? login.audience,
      codeSource,
      sinceMs: Date.parse(login.created_at),
    },
    ctx,
  );
  if (pending) await removePending(ctx.store, pending);
  if (options.save !== false) await saveLogin(result, login.profile, ctx);
  return result;
}

/** Only what the user named on this command narrows the search: not the default profile. */
function pendingFilter(options: VerifyOptions, settings: Settings) {
  const named = (s: Sourced<string> | undefined): s is Sourced<string> =>
    s !== undefined && (s.source === 'flag' || s.source === 'env' || (s.source === 'profile' && settings.profile?.source !== 'default'));
  return {
    identity: options.email ?? options.phone?.replace(/[\s().-]/g, ''),
    domain: named(settings.domain) ? tenantBaseUrl(settings.domain.value, settings.domain.origin).origin : undefined,
    clientId: named(settings.clientId) ? settings.clientId.value : undefined,
  };
}

/** Without a pending login, the command line must say everything `start` would have recorded. */
function adHocLogin(settings: Settings): PendingLogin {
  if (settings.email === undefined && settings.phone === undefined) {
    throw new UsageError('There is no pending login to verify.', {
      code: 'no_pending_login',
      hint: 'Run `pwless start` first, or give --domain, --client-id and --email/--phone of the login the code belongs to.',
    });
  }
  const { base, clientId } = requireTarget(settings);
  const identity = identityFrom(settings.email, settings.phone);
  return {
    created_at: new Date(Date.now() - 5 * 60_000).toISOString(),
    domain: base.origin,
    client_id: clientId,
    profile: settings.profile?.value,
    connection: settings.connection?.value ?? identity.channel,
    channel: identity.channel,
    identity: identity.value,
    send: 'code',
  };
}
