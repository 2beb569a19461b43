/**
 * Scenario identities (docs/emulator.md "Scenario identities", E-SCENARIO-1): identities that
 * always get one error answer, so an app's error handling can be tested through its real SDK —
 * like Stytch's sandbox values or Twilio's magic test numbers. Each answer is the one the
 * emulator already gives for the real condition, byte for byte:
 *
 * | answer | where | the answer (docs/auth0-behaviour.md) |
 * |---|---|---|
 * | `expired_code` | /oauth/token, /co/authenticate | the expired-code refusal (B-TOKEN-ERR-4, B-CO-4) |
 * | `attempts_exhausted` | /oauth/token, /co/authenticate | the too-many-tries refusal (B-TOKEN-ERR-3, B-CO-4) |
 * | `mfa_required` | /oauth/token | 403 `mfa_required` with `mfa_token` (B-TOKEN-ERR-10) |
 * | `sms_provider_error` | /passwordless/start | 400 `sms_provider_error` `<message> (Code: <n>)` (B-START-ERR-16) |
 * | `too_many_requests` | /passwordless/start | 429 with the `x-ratelimit-*` and `retry-after` headers of an empty bucket (B-RATE-4…B-RATE-6) |
 * | `signup_disabled` | /passwordless/start | the Disable Sign Ups refusal (B-START-10) |
 *
 * An identity matches when it contains `match` (case-insensitive), as `test_codes` do; the first
 * matching entry wins. Code scenarios still send a code at /start (the app's flow gets as far as
 * entering it), and the refusal does not use the code up.
 */
import type { EmulatorContext } from './context.ts';
import { OAuthError } from './errors.ts';
import { TOO_MANY_REQUESTS } from './rate-limit.ts';
import type { Scenario } from './tenant.ts';

/** Twilio error 21211 (https://www.twilio.com/docs/api/errors/21211), the message its API answers. */
export const TWILIO_INVALID_TO = { code: 21211, message: "The 'To' number {to} is not a valid phone number." };

/** The /passwordless/start bucket of B-RATE-1 (50, one token back every 72 s): what an empty one answers. */
const START_BUCKET = { limit: 50, refillSeconds: 72 };

/** The scenario of an identity, from the first entry it contains (case-insensitive). */
export function scenarioFor(scenarios: readonly Scenario[] | undefined, identity: string): Scenario | undefined {
  const lower = identity.toLowerCase();
  return scenarios?.find((entry) => lower.includes(entry.match.toLowerCase()));
}

/** The error /passwordless/start answers for a scenario identity, if its scenario acts there. */
export function startScenarioError(emu: EmulatorContext, recipient: string, signupDisabled: () => OAuthError): OAuthError | undefined {
  const scenario = scenarioFor(emu.tenant.scenarios, recipient);
  if (scenario === undefined) return undefined;
  if (scenario.answer === 'signup_disabled') return signupDisabled();
  if (scenario.answer === 'sms_provider_error') {
    const code = scenario.provider_code ?? TWILIO_INVALID_TO.code;
    const message = (scenario.provider_message ?? TWILIO_INVALID_TO.message).replaceAll('{to}', recipient);
    return new OAuthError(400, 'sms_provider_error', `${message} (Code: ${code})`);
  }
  if (scenario.answer === 'too_many_requests') {
    const resetAt = Math.ceil(emu.clock.now() / 1000) + START_BUCKET.refillSeconds;
    return new OAuthError(429, 'too_many_requests', TOO_MANY_REQUESTS, {
      headers: {
        'x-ratelimit-limit': String(START_BUCKET.limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(resetAt),
        'retry-after': String(START_BUCKET.refillSeconds),
      },
    });
  }
  return undefined;
}

/** The code-check outcome a scenario forces (/oauth/token, /co/authenticate), if any. */
export function codeScenario(emu: EmulatorContext, identity: string): 'expired' | 'exhausted' | undefined {
  const answer = scenarioFor(emu.tenant.scenarios, identity)?.answer;
  if (answer === 'expired_code') return 'expired';
  if (answer === 'attempts_exhausted') return 'exhausted';
  return undefined;
}

/** Whether a scenario makes the login answer `mfa_required`. */
export function mfaScenario(emu: EmulatorContext, identity: string): boolean {
  return scenarioFor(emu.tenant.scenarios, identity)?.answer === 'mfa_required';
}
