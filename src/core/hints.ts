/**
 * One hint per known refusal, naming the fix in the tenant's dashboard or on the command line.
 * Matched on `error` first and on the exact description texts of docs/auth0-behaviour.md second: those texts
 * are "subject to change", so an unmatched text falls back to the hint of its `error` alone.
 */
import type { TenantErrorBody } from './errors.ts';

const GRANT_HINT =
  'Enable the Passwordless OTP grant: Dashboard > Applications > (your app) > Advanced Settings > Grant Types. ' + 'Single Page Applications cannot use it.';

export type HintFor = (body: TenantErrorBody, status: number) => string | undefined;

export function hintFor(body: TenantErrorBody, status: number): string | undefined {
  const text = body.error_description ?? '';
  switch (body.error) {
    case 'unauthorized_client':
      if (/Grant type/i.test(text)) return GRANT_HINT;
      if (/Client authentication is required/i.test(text)) {
        return 'This is a Regular Web Application: give its client secret with PWLESS_CLIENT_SECRET or --client-secret-file <path|->.';
      }
      return 'Check --client-id, and that the application type allows passwordless (Native or Regular Web).';
    case 'access_denied':
    case 'invalid_client':
      if (/public client|must not send a client_secret/i.test(text)) {
        return 'This application is public (Native or Single Page): it has no secret, so none may be sent. Unset PWLESS_CLIENT_SECRET, or drop --client-secret-file, for this client.';
      }
      if (status === 401) {
        return 'The client secret is missing or wrong: check PWLESS_CLIENT_SECRET / --client-secret-file against the application settings.';
      }
      return 'The tenant denied the login (a Rule, an Action or the user status): check the tenant logs (Monitoring > Logs).';
    case 'bad.connection':
      if (/disabled/i.test(text)) {
        return 'Enable the connection for this application: Dashboard > Authentication > Passwordless > (email or sms) > Applications.';
      }
      return 'Create the passwordless connection (Dashboard > Authentication > Passwordless), or name it with --connection.';
    case 'bad.phone_number':
      return 'Give the phone number in E.164 form: + then country code and number, digits only (e.g. +14155550123).';
    case 'bad.email':
      return 'Check the email address.';
    case 'bad.client_id':
    case 'bad.tenant':
      return 'Check --domain and --client-id.';
    case 'sms_provider_error':
      return 'The SMS gateway refused the message: check the provider settings under Dashboard > Authentication > Passwordless > SMS.';
    case 'invalid_grant':
      if (/maximum number of attempts/i.test(text)) return 'This code is void after 3 wrong attempts: send a new one with `pwless start`.';
      if (/expired/i.test(text)) return 'Send a new code with `pwless start`; the lifetime is set under Authentication > Passwordless > OTP Expiry.';
      if (/verification code/i.test(text)) return 'Check the code: only the latest code sent is valid, and it allows 3 attempts.';
      return undefined;
    case 'too_many_requests':
      return 'The rate limit of this endpoint is used up (Auth0 allows /passwordless/start 50 requests per hour per IP by default): wait until x-ratelimit-reset, and do not retry in a loop.';
    case 'too_many_attempts':
      return 'Attack protection blocked this user or IP: unblock it in the Dashboard (User Management > Users, or Security > Attack Protection) or wait.';
    case 'mfa_required':
      return 'This user must pass multi-factor authentication, which pwless does not drive yet.';
    case 'bad.request':
    case 'bad.send':
    case 'bad.authParams':
      return 'pwless sent a request the tenant did not accept: please report it with the output of -v.';
    default:
      return undefined;
  }
}
