/**
 * Where `start` and `verify` get the code: --otp, --otp-from <source>, or the prompt (only with a
 * terminal, and not under --no-wait for start). Checked before anything is sent.
 */
import { UsageError } from '../../core/errors.ts';
import { isOneTimeCode } from '../../otp/code-shape.ts';
import { checkPassedVariable, secretNamed } from '../../otp/command-env.ts';
import { compileOtpRegex } from '../../otp/extract.ts';
import { catcherAccess, passwordInUrlWarning } from '../../otp/catcher-access.ts';
import { mailosaurAccess } from '../../otp/mailosaur-access.ts';
import { parseOtpSource, type OtpSource } from '../../otp/source.ts';
import type { ConfigData } from '../../config/store.ts';
import type { Context } from '../context.ts';
import { secondsFlag } from '../number-flag.ts';

/** A code given outright, a source to read it from within a deadline, or the prompt. */
export type CodeSource =
  | { kind: 'static'; code: string }
  | { kind: 'from'; source: OtpSource; timeoutMs: number; regex: RegExp | undefined; passEnv: readonly string[] }
  | { kind: 'prompt' };

export interface CodeOptions {
  otp?: string;
  otpFrom?: string;
  otpTimeout?: string;
  otpRegex?: string;
  /** --otp-env NAME (repeatable): variables a `cmd:` command gets besides a shell's basics. */
  otpEnv?: string[];
  clientSecretFile?: string;
  link?: string;
}

export const DEFAULT_OTP_TIMEOUT_SECONDS = 60;

/**
 * The source the flags name, the prompt when `promptAllowed` and a human is there, else undefined.
 * `config` names the variables the profiles keep their secrets in, which --otp-env may not pass on.
 */
export function codeSourceFrom(options: CodeOptions, ctx: Context, promptAllowed: boolean, config: ConfigData): CodeSource | undefined {
  if (options.otp !== undefined && options.otpFrom !== undefined) {
    throw new UsageError('Give either --otp or --otp-from, not both.', { code: 'conflicting_options' });
  }
  const stdinReaders = [
    options.clientSecretFile === '-' && '--client-secret-file -',
    (options.otpFrom === 'stdin' || options.otpFrom === '-') && '--otp-from stdin',
    options.link === '-' && '--link -',
  ].filter(Boolean);
  if (stdinReaders.length > 1) {
    throw new UsageError(`Only one thing can be read from standard input: ${stdinReaders.join(' and ')}.`, {
      code: 'multiple_stdin_readers',
      hint: 'Give the client secret with PWLESS_CLIENT_SECRET or a file path instead.',
    });
  }
  const regex = options.otpRegex !== undefined ? compileOtpRegex(options.otpRegex) : undefined;
  const timeoutMs = secondsFlag(options.otpTimeout, '--otp-timeout', DEFAULT_OTP_TIMEOUT_SECONDS) * 1000;
  const passEnv = (options.otpEnv ?? []).map(checkPassedVariable);
  refuseProfileSecrets(passEnv, config);
  const source = options.otpFrom !== undefined ? parseOtpSource(options.otpFrom) : undefined;
  if (passEnv.length > 0 && source?.kind !== 'cmd') {
    throw new UsageError('--otp-env passes variables to the command of --otp-from cmd:…, and there is none.', {
      code: 'conflicting_options',
      hint: "Drop --otp-env, or read the code with --otp-from cmd:'<command>'.",
    });
  }
  if (options.otp !== undefined) {
    if (!isOneTimeCode(options.otp)) {
      throw new UsageError('--otp must be the code from the message: letters, digits and "-" only.', { code: 'invalid_otp' });
    }
    return { kind: 'static', code: options.otp };
  }
  if (source !== undefined) {
    // Its key and address are checked here, before a code is sent that nothing could then read.
    if (source.kind === 'mailosaur') ctx.secrets.add(mailosaurAccess(ctx.env).key);
    if (source.kind === 'mailpit' || source.kind === 'maildev' || source.kind === 'sms-gateway') {
      const access = catcherAccess(source.kind, source.base, ctx.env);
      ctx.secrets.add(access.password);
      if (access.passwordInUrl) ctx.warn(passwordInUrlWarning(source.kind));
    }
    return { kind: 'from', source, timeoutMs, regex, passEnv };
  }
  return promptAllowed && ctx.interactive ? { kind: 'prompt' } : undefined;
}

/**
 * A profile whose secret is a reference to a variable (`env:VAR`) names a variable that holds a
 * client secret: --otp-env cannot pass that one on either, whichever profile is in force.
 */
function refuseProfileSecrets(passEnv: readonly string[], config: ConfigData): void {
  for (const profile of Object.values(config.profiles ?? {})) {
    if (profile.secret?.kind === 'env' && passEnv.includes(profile.secret.name)) throw secretNamed(profile.secret.name);
  }
}
