import { describe, expect, it } from 'vitest';
import { hintFor } from '../../../src/core/hints.ts';

describe('hintFor: each refusal names its fix', () => {
  it.each([
    [
      403,
      'unauthorized_client',
      "Grant type 'http://auth0.com/oauth/grant-type/passwordless/otp' not allowed for the client.",
      'Advanced Settings > Grant Types',
    ],
    [
      403,
      'unauthorized_client',
      "Grant type 'http://auth0.com/oauth/grant-type/passwordless/otp' not allowed for the client.",
      'Single Page Applications cannot use it',
    ],
    [403, 'unauthorized_client', 'Client authentication is required', 'PWLESS_CLIENT_SECRET or --client-secret-file'],
    [401, 'unauthorized_client', 'Unknown client.', 'Check --client-id'],
    [401, 'access_denied', 'Unauthorized', 'client secret is missing or wrong'],
    [403, 'access_denied', 'Denied by rule', 'tenant logs'],
    [400, 'bad.connection', 'Connection is disabled', 'Authentication > Passwordless > (email or sms) > Applications'],
    [400, 'bad.connection', 'Connection does not exist', 'Create the passwordless connection'],
    [400, 'bad.phone_number', 'String does not match pattern: ^\\+[0-9]{1,15}$', 'E.164'],
    [403, 'invalid_grant', 'Wrong email or verification code.', 'only the latest code sent is valid'],
    [403, 'invalid_grant', "You've reached the maximum number of attempts. Please try to login again.", 'void after 3 wrong attempts'],
    [403, 'invalid_grant', 'The verification code has expired. Please try to login again.', 'OTP Expiry'],
    [429, 'too_many_requests', 'Too many requests.', 'wait until x-ratelimit-reset'],
    [429, 'too_many_attempts', 'Your account has been blocked after multiple consecutive login attempts.', 'Attack protection'],
    [403, 'mfa_required', 'Multifactor authentication required', 'multi-factor'],
    [400, 'sms_provider_error', 'Authentication failed while calling the SMS gateway: 401', 'SMS gateway'],
  ])('HTTP %i %s "%s" → mentions "%s"', (status, error, description, expected) => {
    expect(hintFor({ error, error_description: description }, status)).toContain(expected);
  });

  it('has no hint for an error it does not know', () => {
    expect(hintFor({ error: 'something_new' }, 400)).toBeUndefined();
  });
});
