/**
 * The tenant served when no `--tenant` file is given. It is kept in code, not in a JSON file,
 * because the npm package ships only bin/ and dist/ and the build (tsc) copies no JSON; the same
 * object is written out as docs/emulator-tenant.example.json, and a unit test keeps the two equal.
 *
 * Clients, one per application type that passwordless uses (docs/auth0-behaviour.md, B-APP-1…B-APP-4):
 * - `emulator-native`: public, the OTP grant enabled (B-APP-2);
 * - `emulator-spa`: public, Auth0's SPA default grants; the OTP grant cannot be enabled (B-APP-1);
 *   cross-origin authentication on, so auth0.js logs in from a page on any loopback port (B-CO-1);
 * - `emulator-web`: confidential, trusts `auth0-forwarded-for` (B-FWD-2).
 */
import { PASSWORDLESS_OTP_GRANT, type Tenant } from './tenant.ts';

const CALLBACKS = ['http://127.0.0.1/*', 'http://localhost/*'];
/**
 * The OTP grant plus Auth0's defaults for native and regular web apps (docs/auth0-behaviour.md, B-APP-4):
 * `authorization_code` and `implicit` are what magic links with `response_type=code` and the
 * implicit types need (actions/link-query.ts checks them).
 */
const OTP_CLIENT_GRANTS = [PASSWORDLESS_OTP_GRANT, 'refresh_token', 'authorization_code', 'implicit'];
/** Auth0's default grants for a public application (docs/auth0-behaviour.md, B-APP-4). */
const SPA_GRANTS = ['implicit', 'authorization_code', 'refresh_token'];
const CLIENT_IDS = ['emulator-native', 'emulator-spa', 'emulator-web'];

/** A fresh copy each call, so a caller may change it without touching other emulators. */
export function defaultTenant(): Tenant {
  return {
    clients: [
      {
        client_id: 'emulator-native',
        name: 'Emulator Native App',
        app_type: 'native',
        grant_types: [...OTP_CLIENT_GRANTS],
        callbacks: [...CALLBACKS],
      },
      {
        client_id: 'emulator-spa',
        name: 'Emulator Single Page App',
        app_type: 'spa',
        grant_types: [...SPA_GRANTS],
        callbacks: [...CALLBACKS],
        // auth0.js `passwordlessLogin` from a page works out of the box (B-CO-1); its origins are the callbacks' (B-CORS-2).
        cross_origin_authentication: true,
      },
      {
        client_id: 'emulator-web',
        name: 'Emulator Web App',
        app_type: 'regular_web',
        client_secret: 'emulator-web-secret',
        grant_types: [...OTP_CLIENT_GRANTS],
        callbacks: [...CALLBACKS],
        is_token_endpoint_ip_header_trusted: true,
      },
    ],
    connections: [
      { name: 'email', strategy: 'email', enabled_clients: [...CLIENT_IDS] },
      { name: 'sms', strategy: 'sms', enabled_clients: [...CLIENT_IDS] },
    ],
    users: [{ email: 'mfa@example.com', mfa: true }],
    test_codes: [{ match: '+test@', code: '424242' }],
    // Scenario identities (docs/emulator.md "Scenario identities"): e.g. expired+me@example.com.
    scenarios: [
      { match: 'expired+', answer: 'expired_code' },
      { match: 'exhausted+', answer: 'attempts_exhausted' },
      { match: 'mfa+', answer: 'mfa_required' },
      { match: 'ratelimited+', answer: 'too_many_requests' },
      { match: 'nosignup+', answer: 'signup_disabled' },
      // Twilio's magic test number for an invalid "To" (https://www.twilio.com/docs/iam/test-credentials).
      { match: '+15005550001', answer: 'sms_provider_error', provider_code: 21211 },
    ],
  };
}
