/**
 * `--otp-lifetime <seconds>` (or PWLESS_OTP_LIFETIME): how long the tenant's codes live, which
 * pwless cannot ask the tenant. It decides which pending logins can still be finished.
 */
import { DEFAULT_CODE_LIFETIME_SECONDS } from '../../config/pending.ts';
import { numberFlag } from '../number-flag.ts';

export function otpLifetimeSeconds(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  if (flag !== undefined) return numberFlag(flag, '--otp-lifetime', { min: 1, max: 86_400, integer: true, unit: 'seconds' }) as number;
  if (env.PWLESS_OTP_LIFETIME)
    return numberFlag(env.PWLESS_OTP_LIFETIME, 'PWLESS_OTP_LIFETIME', { min: 1, max: 86_400, integer: true, unit: 'seconds' }) as number;
  return DEFAULT_CODE_LIFETIME_SECONDS;
}
