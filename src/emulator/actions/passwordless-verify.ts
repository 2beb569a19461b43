/**
 * POST /passwordless/verify: what auth0.js `passwordlessLogin` calls when the page runs on the
 * tenant's own domain (a customised Universal Login page): JSON `{connection, verification_code,
 * email | phone_number, client_id}` (auth0/auth0.js `src/authentication/passwordless-authentication.js`,
 * `verify`), then it sends the browser to GET /passwordless/verify_redirect with the same code
 * (`buildVerifyUrl`). docs/auth0-behaviour.md, B-VERIFY-1, B-VERIFY-2.
 *
 * So this endpoint checks the code and leaves it valid: the followed verify_redirect uses it up.
 * The check is otp-login.ts's (the OTP grant's): a wrong code counts as one of the 3 tries,
 * brute-force protection applies. Success is 200 `{}` (auth0.js's tests answer that).
 *
 * Errors as the error table of Auth0's older docs for this endpoint words them (repository
 * auth0/docs, `articles/api/authentication/errors/_passwordless-verify.md`, B-VERIFY-2): 400
 * `invalid_request` "missing … parameter", "the connection was not found", "the connection was
 * disabled"; 403 `unauthorized_client` "invalid client"; a refused code 401 `invalid_user_password`,
 * with the OTP grant's texts (the table's "Wrong email or password." is for passwords).
 */
import type { Handler } from '../context.ts';
import { invalidRequest, OAuthError } from '../errors.ts';
import { readJsonBody } from '../http-body.ts';
import { checkOtp } from '../otp-login.ts';
import { json } from '../respond.ts';
import { findClient, findConnection, isEnabledFor } from '../tenant.ts';

const KNOWN = ['connection', 'verification_code', 'email', 'phone_number', 'client_id', 'auth0Client'];

function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined || value === null || value === '') throw invalidRequest(`missing ${name} parameter`);
  if (typeof value !== 'string') throw invalidRequest(`${name} parameter must be a string`);
  return value;
}

export const passwordlessVerify: Handler = async (req, emu) => {
  const body = await readJsonBody(req.raw, invalidRequest);
  const unknown = Object.keys(body).filter((key) => !KNOWN.includes(key));
  if (unknown.length > 0) throw invalidRequest(`the following properties are not allowed: ${unknown.join(', ')}`);
  const client = findClient(emu.tenant, field(body, 'client_id'));
  if (client === undefined) throw new OAuthError(403, 'unauthorized_client', 'invalid client');
  const connection = findConnection(emu.tenant, field(body, 'connection'));
  if (connection === undefined) throw invalidRequest('the connection was not found');
  if (!isEnabledFor(connection, client)) throw invalidRequest('the connection was disabled');
  const username = field(body, connection.strategy === 'email' ? 'email' : 'phone_number');
  const otp = field(body, 'verification_code');
  try {
    checkOtp(emu, { connection, username, otp, sourceIp: req.sourceIp, consume: false });
  } catch (err) {
    if (err instanceof OAuthError && err.error === 'invalid_grant') throw new OAuthError(401, 'invalid_user_password', err.description);
    throw err;
  }
  return json(200, {});
};
