/**
 * `pwless verify`: finish a login that `start` left pending (the most recent one, or the one of
 * --email/--phone), or, given --domain, --client-id and the identity, any code at hand. The code
 * comes from --otp, --otp-from or the prompt; with none of them and no terminal it fails at once.
 * What talks to the network (the HTTP client, the code sources, the token checks) is imported only
 * once a login to finish has been found: a refusal before that does not pay for it (bench/startup.js).
 */
import { ATTEMPTS_PER_CODE, findPending, matchingPending, mayBeLive, type PendingFilter, type PendingLogin } from '../../../config/pending.ts';
import { duration } from '../../../render/format.ts';
import { otpLifetimeSeconds } from '../../login/otp-lifetime.ts';
import { loginProfile, requireTarget, resolveSettings, type Settings, type Sourced } from '../../../config/resolve.ts';
import { commandSettings, warnIfForeign } from '../../settings.ts';
import { tenantBaseUrl } from '../../../core/domain.ts';
import { profileNamed } from '../../../config/profile.ts';
import { resolveClientSecret } from '../../../config/secret.ts';
import type { ConfigData } from '../../../config/store.ts';
import { LocalRefusalError, UsageError } from '../../../core/errors.ts';
import { OTP_SOURCES_HELP } from '../../../otp/source.ts';
import { readAll } from '../../../core/stdin.ts';
import { codeSourceFrom, DEFAULT_OTP_TIMEOUT_SECONDS, type CodeOptions } from '../../login/code-source.ts';
import { secondsFlag } from '../../number-flag.ts';
import type { Context } from '../../context.ts';
import { identityFrom } from '../../login/identity.ts';
import { readLinkLine } from '../../../render/login-progress.ts';
import { loginView } from '../../../render/login.ts';
import type { OutputView } from '../../../render/view.ts';
import type { LoginResult } from '../../login/types.ts';

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
  link?: string;
  otpLifetime?: string;
}

export async function verify(options: VerifyOptions, ctx: Context): Promise<OutputView> {
  return loginView(await verifyLogin(options, ctx), ctx.showTokens);
}

/** The login the code (or link) finishes. */
async function verifyLogin(options: VerifyOptions, ctx: Context): Promise<LoginResult> {
  const config = await ctx.store.read();
  const codeSource = codeSourceFrom(options, ctx, true, config);
  if (options.link !== undefined) return verifyLink(options, ctx);
  if (codeSource === undefined) {
    throw new UsageError('No way to get the code: there is no terminal to ask on (or --no-input was given).', {
      code: 'no_code_source',
      hint: `Pass --otp <code>, or --otp-from one of: ${OTP_SOURCES_HELP}.`,
    });
  }
  // What the command line asks for picks the pending login; the login's own target then decides the secret.
  const asked = resolveSettings({ ...options, profile: ctx.profile }, ctx.env, config);
  // A code (typed or given) finishes only a code login; a source may hold a link too.
  const wants = codeSource.kind === 'from' ? undefined : 'code';
  const pending = pickPending(config, pendingFilter(options, asked), wants, otpLifetimeSeconds(options.otpLifetime, ctx.env), ctx);
  const settings = pending !== undefined ? settingsForPending(pending, options, ctx, config) : warnIfForeign(asked, ctx);
  const login = pending ?? adHocLogin(settings);
  const secret = await resolveClientSecret(options.clientSecretFile, settings, ctx.stdin, ctx.env);
  if (pending)
    ctx.progress(ctx.err.dim(`Finishing the login of ${pending.identity} started at ${pending.created_at} (${pending.domain}, client ${pending.client_id}).`));
  if (pending?.send === 'link') {
    if (codeSource.kind !== 'from') {
      throw new UsageError(`The pending login of ${pending.identity} waits for a magic link, not a code.`, {
        code: 'link_expected',
        hint: "Pass --link '<the link>' (or --link - with the message on stdin), or --otp-from a source that holds the message.",
      });
    }
    const [{ readLink }, { readContext }] = await Promise.all([import('../../../otp/read.ts'), import('../../login/flow.ts')]);
    const { link, from } = await readLink(
      codeSource.source,
      readContext(ctx, new URL(pending.domain), pending.identity, Date.parse(pending.created_at), codeSource),
    );
    ctx.progress(readLinkLine(ctx.err, from));
    return finishLink(pending, link, secret?.value, options, ctx);
  }

  const { finishLogin } = await import('../../login/flow.ts');
  return finishLogin(
    {
      base: new URL(login.domain),
      start: {
        clientId: login.client_id,
        clientSecret: secret?.value,
        connection: options.connection ?? login.connection,
        channel: login.channel,
        identity: login.identity,
        send: login.send,
      },
      scope: options.scope ?? login.scope ?? settings.scope.value,
      audience: options.audience ?? login.audience,
      codeSource,
      sinceMs: Date.parse(login.created_at),
      keep: { save: options.save !== false, profile: login.profile, nonce: pending?.nonce, pending },
      priorTries: pending ? (pending.failed_attempts ?? 0) : undefined,
    },
    ctx,
  );
}

/** `verify --link <url|->`: the pending login is the one the link is for. */
async function verifyLink(options: VerifyOptions, ctx: Context): Promise<LoginResult> {
  const text =
    options.link === '-'
      ? await readAll(ctx.stdin, secondsFlag(options.otpTimeout, '--otp-timeout', DEFAULT_OTP_TIMEOUT_SECONDS) * 1000, ctx.signal)
      : (options.link as string);
  const link = (await import('../../../core/magic-link.ts')).parseLink(text);
  const identity = link.searchParams.get('email') ?? link.searchParams.get('phone_number') ?? undefined;
  const clientId = link.searchParams.get('client_id') ?? undefined;
  const config = await ctx.store.read();
  const pending = findPending(config, { identity, clientId, domain: link.origin });
  if (pending === undefined || pending.send !== 'link') {
    // Found here, before any request: the tenant has not been asked (a link already used finished its login).
    throw new LocalRefusalError(
      `This link is for ${identity ?? 'an unknown identity'} (client ${clientId ?? 'unknown'}, ${link.origin}), and no magic-link login is pending for it here: it was used already, or started elsewhere.`,
      {
        code: 'unknown_link',
        hint: 'Use the link of the latest `pwless start --send link`, with the same config dir.',
      },
    );
  }
  const settings = settingsForPending(pending, options, ctx, config);
  const secret = await resolveClientSecret(options.clientSecretFile, settings, ctx.stdin, ctx.env);
  return finishLink(pending, link, secret?.value, options, ctx);
}

async function finishLink(pending: PendingLogin, link: URL, clientSecret: string | undefined, options: VerifyOptions, ctx: Context): Promise<LoginResult> {
  const [{ followLink }, { finishLinkLogin }] = await Promise.all([import('../../../core/magic-link.ts'), import('../../login/link-login.ts')]);
  return finishLinkLogin({ pending, clientSecret, save: options.save !== false }, await followLink(link, ctx.http), ctx);
}

/**
 * The settings to finish a pending login with: the profile picked for this command, else the
 * login's own (if it still exists), resolved for the login's own tenant and client, so that a
 * profile's secret is used only when that login is the profile's application.
 */
function settingsForPending(pending: PendingLogin, options: VerifyOptions, ctx: Context, config: ConfigData): Settings {
  const own = pending.profile !== undefined && profileNamed(config.profiles, pending.profile) !== undefined ? pending.profile : undefined;
  return commandSettings(
    {
      ...options,
      domain: pending.domain,
      clientId: pending.client_id,
      targetOrigin: "the pending login's",
      profile: ctx.profile ?? (ctx.env.PWLESS_PROFILE || own),
    },
    ctx,
    config,
  );
}

/**
 * The pending login to finish: with --email/--phone the newest of that identity (warned about when
 * its code is past its lifetime); without, the newest whose code can still be valid, never an old
 * void one. Undefined when none matches (then the command line must say everything: ad hoc).
 */
function pickPending(config: ConfigData, filter: PendingFilter, send: 'code' | undefined, lifetime: number, ctx: Context): PendingLogin | undefined {
  const now = Date.now();
  const candidates = matchingPending(config, filter, now).filter((p) => send === undefined || p.send === send);
  const newest = candidates[0];
  if (newest === undefined) return undefined;
  if (filter.identity !== undefined) {
    if (!mayBeLive(newest, lifetime, now))
      ctx.warn(
        `The code of this login was sent ${duration(Math.round((now - Date.parse(newest.created_at)) / 1000))} ago, longer than a code lives (${lifetime} s, --otp-lifetime), or its code is out of tries: it has probably expired.`,
      );
    return newest;
  }
  const live = candidates.find((p) => mayBeLive(p, lifetime, now));
  if (live !== undefined) {
    const others = candidates.length - 1;
    if (others > 0)
      ctx.progress(
        ctx.err.dim(
          `Took the newest pending login whose code can still be valid; ${others} other${others === 1 ? ' is' : 's are'} waiting (\`pwless pending\` lists them).`,
        ),
      );
    return live;
  }
  // Nothing is sent: a void code would only spend a request. The login cannot go on (exit 6), as for a refused code.
  const outOfTries = candidates.every((p) => (p.failed_attempts ?? 0) >= ATTEMPTS_PER_CODE);
  throw new LocalRefusalError(
    `The ${candidates.length === 1 ? 'pending login here is' : `${candidates.length} pending logins here are all`} older than a code lives (${lifetime} s) or out of tries: ${candidates.length === 1 ? 'its code is' : 'their codes are'} void.`,
    {
      code: 'no_live_pending_login',
      reason: outOfTries ? 'exhausted' : 'expired',
      hint: "Send a new code with `pwless start`, or name a login with --email/--phone (raise --otp-lifetime if your tenant's codes live longer); `pwless pending` lists them, `pwless pending clear` forgets them.",
    },
  );
}

/** Only what the user named on this command narrows the search: not the default profile. */
function pendingFilter(options: VerifyOptions, settings: Settings): PendingFilter {
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
    profile: loginProfile(settings),
    connection: settings.connection?.value ?? identity.channel,
    channel: identity.channel,
    identity: identity.value,
    send: 'code',
  };
}
