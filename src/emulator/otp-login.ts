/**
 * The one check of a one-time code, shared by every endpoint that takes one: the passwordless OTP
 * grant at /oauth/token, POST /co/authenticate (auth0.js `passwordlessLogin` from a page) and
 * POST /passwordless/verify (the same from a page on the tenant's own domain). So the code is
 * checked the same way everywhere (docs/auth0-behaviour.md, B-OTP-1, B-OTP-2, B-TOKEN-ERR-1…
 * B-TOKEN-ERR-4, B-ATTACK-1): last code only, 3 wrong tries, expiry, brute-force protection per
 * (identity, source IP). Each endpoint words the refusal as Auth0 does there.
 *
 * Then {@link logInOtpUser} is the login itself, as the OTP grant does it: sign-ups may have been
 * disabled since the code was sent, and a tenant user with `"mfa": true` is refused.
 */
import type { EmulatorContext } from './context.ts';
import { OAuthError, invalidGrant, signupDisabled } from './errors.ts';
import { codeScenario, mfaScenario } from './scenarios.ts';
import type { OtpCheck } from './otp-store.ts';
import { findTenantUser, type TenantConnection } from './tenant.ts';
import { normalizeIdentity, tenantUserId, type User } from './users.ts';

/** The exact texts of docs/auth0-behaviour.md, B-TOKEN-ERR-1…B-TOKEN-ERR-4. */
export const WRONG_CODE = {
  email: 'Wrong email or verification code.',
  sms: 'Wrong phone number or verification code.',
} as const;
const EXHAUSTED = "You've reached the maximum number of attempts. Please try to login again.";
// Status and code of the expiry error are unknown (docs/auth0-behaviour.md, B-TOKEN-ERR-4): 403 invalid_grant.
const EXPIRED = 'The verification code has expired. Please try to login again.';

/** The answers of a failed code check, by outcome, as the OTP grant words them (403 `invalid_grant`). */
function codeRefusal(outcome: Exclude<OtpCheck, 'ok'>, strategy: 'email' | 'sms'): OAuthError {
  if (outcome === 'exhausted') return invalidGrant(EXHAUSTED);
  if (outcome === 'expired') return invalidGrant(EXPIRED);
  return invalidGrant(WRONG_CODE[strategy]);
}

export interface OtpAttempt {
  connection: TenantConnection;
  /** The email or phone number as sent. */
  username: string;
  otp: string;
  /** Whom brute-force protection counts the try against. */
  sourceIp: string;
  /** False for /passwordless/verify: a right code stays valid for the verify_redirect that follows. */
  consume?: boolean;
}

/**
 * Checks the code; returns the normalized identity, or throws 429 `too_many_attempts` (blocked)
 * or the OTP grant's 403 `invalid_grant` (wrong, exhausted, expired), which callers may reword.
 */
export function checkOtp(emu: EmulatorContext, attempt: OtpAttempt): string {
  const { connection, sourceIp } = attempt;
  const identity = normalizeIdentity(connection.strategy, attempt.username);
  const now = emu.clock.now();
  const guard = emu.limits?.bruteForce;
  guard?.check(identity, sourceIp, now);
  // A scenario identity always gets its refusal, and its code stays as it was (scenarios.ts).
  const forced = codeScenario(emu, identity);
  if (forced !== undefined) throw codeRefusal(forced, connection.strategy);
  const outcome = emu.otps.check(connection.name, identity, attempt.otp, now, attempt.consume ?? true);
  if (outcome !== 'ok') {
    guard?.fail(identity, sourceIp, now);
    throw codeRefusal(outcome, connection.strategy);
  }
  guard?.succeed(identity, sourceIp);
  return identity;
}

/**
 * `mfa_required` for a tenant-file user with `"mfa": true` (docs/auth0-behaviour.md, B-TOKEN-ERR-10): Auth0's documented body,
 * with an opaque `mfa_token`. Status 403 as the database-connection docs say (the OpenAPI file says 401: unknown). Completing MFA
 * (/mfa/challenge) is not emulated; the code is used up, as its first factor succeeded.
 */
function mfaRequired(emu: EmulatorContext): OAuthError {
  return new OAuthError(403, 'mfa_required', 'Multifactor authentication required', {
    extra: { mfa_token: emu.random.mfaToken.bytes(32).toString('base64url'), mfa_requirements: { challenge: [{ type: 'otp' }] } },
  });
}

/** The user a checked code logs in (created at the first login). */
export function logInOtpUser(emu: EmulatorContext, connection: TenantConnection, identity: string): User {
  const tenantUser = findTenantUser(emu.tenant, connection, identity);
  // A code issued before sign-ups were disabled (the tenant changed at run time) still cannot sign up.
  if (connection.disable_signup === true && tenantUser === undefined && !emu.users.has(connection.name, identity)) {
    throw signupDisabled();
  }
  if (tenantUser?.mfa === true || mfaScenario(emu, identity)) throw mfaRequired(emu);
  const fixedId = tenantUser === undefined ? undefined : tenantUserId(tenantUser, connection, identity);
  return emu.users.login(connection, identity, emu.clock.now(), fixedId);
}
