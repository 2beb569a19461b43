/**
 * POST /passwordless/start (reference §1.1, §2.1, §7.2 items 1–5): validates, authenticates the
 * client, issues a new code that voids the previous one, and puts the email or SMS in the outbox
 * instead of sending it.
 */
import { OAuthError, badField, unauthorized } from '../errors.ts';
import { secretMatches } from '../client-auth.ts';
import { PATHS, type EmulatorContext, type Handler } from '../context.ts';
import { readJsonBody } from '../http-body.ts';
import { describeMessage, type OutboxMessage } from '../outbox.ts';
import { json } from '../respond.ts';
import { isConfidential } from '../tenant.ts';
import { normalizeIdentity } from '../users.ts';
import { validateStart, type StartInput } from './start-validation.ts';

/** authParams keys copied into a magic link, in this order (reference §1.3, auth0.js buildVerifyUrl). */
const LINK_AUTH_PARAMS = ['redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'audience', 'response_mode'];

/**
 * Regular web apps must send their secret (§5: 403 "Client authentication is required" [OBS]);
 * a wrong one gets 401 `access_denied` "Unauthorized" (emulator choice [UNK], §3.1 401 row).
 * Public clients need none, and one sent anyway is ignored.
 */
function authenticateStartClient(input: StartInput): void {
  const { client, clientSecret } = input;
  if (!isConfidential(client)) return;
  if (clientSecret === undefined) throw new OAuthError(403, 'unauthorized_client', 'Client authentication is required');
  if (client.client_secret === undefined || !secretMatches(clientSecret, client.client_secret)) throw unauthorized();
}

/** The link a user would click: `/passwordless/verify_redirect` with the §1.3 query. */
function magicLink(emu: EmulatorContext, input: StartInput, code: string): string {
  const url = new URL(emu.url + PATHS.verifyRedirect);
  url.searchParams.set('client_id', input.client.client_id);
  url.searchParams.set('connection', input.connection.name);
  url.searchParams.set(input.connection.strategy === 'email' ? 'email' : 'phone_number', input.recipient);
  url.searchParams.set('verification_code', code);
  for (const key of LINK_AUTH_PARAMS) {
    const value = input.authParams[key];
    if (typeof value === 'string') url.searchParams.set(key, value);
  }
  return url.href;
}

export const passwordlessStart: Handler = async (req, emu) => {
  const body = await readJsonBody(req.raw, (description) => badField('request', description));
  const input = validateStart(body, emu.tenant);
  authenticateStartClient(input);

  const { connection, recipient } = input;
  const now = emu.clock.now();
  const code = emu.random.otp.digits(emu.otpLength);
  const expiresAt = now + emu.otpTtlSeconds * 1000;
  emu.otps.issue(connection.name, normalizeIdentity(connection.strategy, recipient), code, expiresAt);

  const message: OutboxMessage = {
    id: emu.random.messageId.hex(24),
    channel: connection.strategy,
    to: recipient,
    send: input.send,
    code,
    link: input.send === 'link' ? magicLink(emu, input, code) : null,
    created_at: now,
    expires_at: expiresAt,
  };
  emu.outbox.add(message);
  emu.report(describeMessage(message));

  const id = emu.random.startId.hex(24);
  if (connection.strategy === 'email') return json(200, { _id: id, email: recipient, email_verified: false });
  const language = req.raw.headers['x-request-language'];
  const requestLanguage = typeof language === 'string' ? language : null;
  return json(200, { _id: id, phone_number: recipient, request_language: requestLanguage });
};
