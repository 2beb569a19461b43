/**
 * `pwless start`: send a one-time code and finish the login in one go. Everything that can be
 * wrong with the command line is found before the code is sent, because every send voids the
 * previous code and spends the tenant's rate limit (reference §4.1, §4.2).
 */
import { resolveClientSecret } from '../../config/secret.ts';
import { requireTarget, resolveSettings } from '../../config/resolve.ts';
import { UsageError } from '../../core/errors.ts';
import type { Context } from '../context.ts';
import { identityFrom } from '../identity.ts';
import { login, saveLogin, type CodeSource, type LoginResult } from '../login.ts';

export const DEFAULT_OTP_TIMEOUT_SECONDS = 60;

export interface StartOptions {
  domain?: string;
  clientId?: string;
  email?: string;
  phone?: string;
  connection?: string;
  scope?: string;
  audience?: string;
  language?: string;
  otp?: string;
  otpFrom?: string;
  otpTimeout?: string;
  clientSecretFile?: string;
  save?: boolean;
}

export async function start(options: StartOptions, ctx: Context): Promise<LoginResult> {
  const settings = resolveSettings({ ...options, profile: ctx.profile }, ctx.env, await ctx.store.read());
  const target = requireTarget(settings);
  const identity = identityFrom(settings.email, settings.phone);
  const codeSource = codeSourceFrom(options, ctx);
  const secret = await resolveClientSecret(options.clientSecretFile, settings, process.stdin, ctx.env);
  const result = await login(
    {
      base: target.base,
      start: {
        clientId: target.clientId,
        clientSecret: secret?.value,
        connection: settings.connection?.value ?? identity.channel,
        channel: identity.channel,
        identity: identity.value,
        send: 'code',
        language: settings.language?.value,
      },
      scope: settings.scope.value,
      audience: settings.audience?.value,
      codeSource,
    },
    ctx,
  );
  if (options.save !== false) await saveLogin(result, settings.profile?.value, ctx);
  return result;
}

export function codeSourceFrom(options: Pick<StartOptions, 'otp' | 'otpFrom' | 'otpTimeout'>, ctx: Context): CodeSource {
  if (options.otp !== undefined && options.otpFrom !== undefined) {
    throw new UsageError('Give either --otp or --otp-from, not both.', { code: 'invalid_option' });
  }
  if (options.otp !== undefined) {
    if (!/^[0-9A-Za-z-]{1,32}$/.test(options.otp)) throw new UsageError('--otp must be the code from the message: letters and digits only.', { code: 'invalid_option' });
    return { kind: 'static', code: options.otp };
  }
  if (options.otpFrom !== undefined) {
    if (options.otpFrom !== 'emulator') {
      throw new UsageError(`--otp-from ${JSON.stringify(options.otpFrom)} is not a code source this version knows.`, {
        code: 'invalid_option',
        hint: 'Supported: --otp-from emulator (the outbox of `pwless emulator`).',
      });
    }
    return { kind: 'emulator', waitMs: seconds(options.otpTimeout, '--otp-timeout', DEFAULT_OTP_TIMEOUT_SECONDS) * 1000 };
  }
  if (ctx.interactive) return { kind: 'prompt' };
  throw new UsageError('No way to get the code: there is no terminal to ask on (or --no-input was given).', {
    code: 'missing_input',
    hint: 'Pass --otp <code>, or --otp-from emulator when --domain is a pwless emulator.',
  });
}

function seconds(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new UsageError(`${flag} must be a number of seconds between 0 and 3600.`, { code: 'invalid_option' });
  return n;
}
