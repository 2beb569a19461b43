/**
 * POST /co/authenticate: cross-origin authentication, what auth0.js `passwordlessLogin` calls from
 * a page that is not on the tenant's domain (auth0/auth0.js `src/web-auth/cross-origin-authentication.js`;
 * docs/auth0-behaviour.md, B-CO-1…B-CO-4). JSON `{client_id, username, otp, realm, credential_type}`;
 * the code is checked by otp-login.ts, the one check the OTP grant uses too. A right code gives
 * `{login_ticket, co_verifier, co_id}` (login-tickets.ts), which auth0.js takes to GET /authorize.
 *
 * The checks run in this order, each with the status and text of the error table of
 * https://auth0.com/docs/libraries/auth0js ("Error codes and descriptions"):
 *  1. the body: all and only the five fields, strings, non-empty — 400 `invalid_request`;
 *  2. the client exists (401 `unauthorized_client` "Unknown client.", the emulator's wording, as at
 *     /passwordless/start) and has cross-origin authentication on — 401 "Cross origin login not allowed.";
 *  3. the page's `Origin`, when sent, is one the client allows (cors.ts) — the bare 403
 *     "Origin … is not allowed.";
 *  4. `credential_type` is the passwordless OTP grant — 400 `unsupported_credential_type`;
 *  5. `realm` is a connection enabled for the client — 400 `invalid_request` "Unknown realm …";
 *  6. the code — 403 `access_denied` with the OTP grant's texts; 429 `too_many_attempts` when blocked.
 */
import type { Handler, HandlerRequest } from '../context.ts';
import { originAllowedFor, refusedOrigin, requestOrigin } from '../cors.ts';
import { OAuthError } from '../errors.ts';
import { readJsonBody } from '../http-body.ts';
import { LOGIN_TICKET_TTL_SECONDS } from '../login-tickets.ts';
import { checkOtp, logInOtpUser } from '../otp-login.ts';
import { json } from '../respond.ts';
import { findClient, findConnection, isEnabledFor, PASSWORDLESS_OTP_GRANT } from '../tenant.ts';

const FIELDS = ['client_id', 'credential_type', 'username', 'otp', 'realm'] as const;
type CoBody = Record<(typeof FIELDS)[number], string>;

/** Auth0's text, byte for byte (B-CO-3). */
const BAD_BODY = 'Invalid request body. All and only of client_id, credential_type, username, otp, realm are required.';

/** The cookie that carries the verifier when the browser keeps it (login-tickets.ts). */
export const CO_COOKIE = 'pwless_co';

function badBody(): OAuthError {
  return new OAuthError(400, 'invalid_request', BAD_BODY);
}

async function readCoBody(req: HandlerRequest): Promise<CoBody> {
  const raw = await readJsonBody(req.raw, badBody);
  const keys = Object.keys(raw);
  if (keys.length !== FIELDS.length || !keys.every((key) => (FIELDS as readonly string[]).includes(key))) throw badBody();
  for (const field of FIELDS) if (typeof raw[field] !== 'string' || raw[field] === '') throw badBody();
  return raw as CoBody;
}

/** The verifier cookie: `SameSite=None; Secure` over HTTPS, else `Lax` (a loopback page is same-site). */
function verifierCookie(secure: boolean, coId: string, verifier: string): string {
  const sameSite = secure ? 'SameSite=None; Secure' : 'SameSite=Lax';
  return `${CO_COOKIE}=${coId}.${verifier}; Path=/authorize; Max-Age=${LOGIN_TICKET_TTL_SECONDS}; HttpOnly; ${sameSite}`;
}

export const coAuthenticate: Handler = async (req, emu) => {
  const body = await readCoBody(req);
  const client = findClient(emu.tenant, body.client_id);
  if (client === undefined) throw new OAuthError(401, 'unauthorized_client', 'Unknown client.');
  if (client.cross_origin_authentication !== true) throw new OAuthError(401, 'unauthorized_client', 'Cross origin login not allowed.');
  const origin = requestOrigin(req.raw);
  if (origin !== undefined && !originAllowedFor(client, origin)) return refusedOrigin(origin);
  if (body.credential_type !== PASSWORDLESS_OTP_GRANT) throw new OAuthError(400, 'unsupported_credential_type', 'Unknown credential type parameter.');
  const connection = findConnection(emu.tenant, body.realm);
  if (connection === undefined || !isEnabledFor(connection, client)) throw new OAuthError(400, 'invalid_request', `Unknown realm ${body.realm}.`);

  let identity: string;
  try {
    identity = checkOtp(emu, { connection, username: body.username, otp: body.otp, sourceIp: req.sourceIp });
  } catch (err) {
    // The OTP grant's texts, with this endpoint's code and status for a failed login (B-CO-4).
    if (err instanceof OAuthError && err.error === 'invalid_grant') throw new OAuthError(403, 'access_denied', err.description);
    throw err;
  }
  const user = logInOtpUser(emu, connection, identity);
  const issued = emu.loginTickets.issue({ client_id: client.client_id, connection: connection.name, user_id: user.user_id }, emu.clock.now());
  return json(200, issued, { 'set-cookie': verifierCookie(emu.url.startsWith('https:'), issued.co_id, issued.co_verifier) });
};
