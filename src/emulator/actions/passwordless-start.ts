/**
 * POST /passwordless/start (docs/auth0-behaviour.md, B-START-1…B-START-11): validates, authenticates the
 * client, refuses unknown users when sign-ups are disabled, issues a new code (a fixed one for
 * identities of the tenant's `test_codes`) that voids the previous one, and puts the email or SMS
 * in the outbox (outbox-delivery.ts, where outbox faults act) — after sending it for real when
 * SMTP or an SMS gateway is configured (real-delivery.ts; B-GATEWAY-1…B-GATEWAY-4).
 */
import { OAuthError, badField, publicClientSecret, signupDisabled, unauthorized } from '../errors.ts';
import { secretMatches } from '../client-auth.ts';
import type { EmulatorContext, Handler, HandlerRequest } from '../context.ts';
import { readJsonBody } from '../http-body.ts';
import { linkBinding, magicLinkUrl } from '../magic-link.ts';
import { deliver } from '../outbox-delivery.ts';
import { startScenarioError } from '../scenarios.ts';
import { deliverForReal } from '../real-delivery.ts';
import { json, type Reply } from '../respond.ts';
import { findTenantUser, isConfidential, testCodeFor } from '../tenant.ts';
import { normalizeIdentity } from '../users.ts';
import { validateStart, type StartInput } from './start-validation.ts';

/**
 * Regular web apps must send their secret (B-START-ERR-13: 403 "Client authentication is required", observed);
 * a wrong one gets 401 `access_denied` "Unauthorized" (the emulator's choice, B-START-ERR-14).
 * Public clients need none and must not send one (B-APP-5: 401 `invalid_client`, the emulator's choice).
 */
function authenticateStartClient(input: StartInput): void {
  const { client, clientSecret } = input;
  if (!isConfidential(client)) {
    if (clientSecret !== undefined) throw publicClientSecret();
    return;
  }
  if (clientSecret === undefined) throw new OAuthError(403, 'unauthorized_client', 'Client authentication is required');
  if (client.client_secret === undefined || !secretMatches(clientSecret, client.client_secret)) throw unauthorized();
}

/**
 * "Disable Sign Ups" (docs/auth0-behaviour.md, B-START-10): only known users get a code. Auth0's answer is unknown; the
 * docs warn that the setting exposes user enumeration, so the refusal comes here, at /start.
 */
function refuseUnknownUser(emu: EmulatorContext, input: StartInput, identity: string): void {
  const { connection } = input;
  if (connection.disable_signup !== true) return;
  if (emu.users.has(connection.name, identity) || findTenantUser(emu.tenant, connection, identity) !== undefined) return;
  throw signupDisabled();
}

function headerText(req: HandlerRequest, name: string): string | undefined {
  const value = req.raw.headers[name];
  return typeof value === 'string' ? value : undefined;
}

export const passwordlessStart: Handler = async (req, emu) => {
  const body = await readJsonBody(req.raw, (description) => badField('request', description));
  const input = validateStart(body, emu.tenant);
  authenticateStartClient(input);
  return sendPasswordless(req, emu, input);
};

/**
 * Sends a checked start: the code (or link) issued and delivered, and /passwordless/start's answer.
 * The Universal Login page (login-page.ts) sends its codes through here too.
 */
export async function sendPasswordless(req: HandlerRequest, emu: EmulatorContext, input: StartInput): Promise<Reply> {
  const { connection, recipient } = input;
  const identity = normalizeIdentity(connection.strategy, recipient);
  refuseUnknownUser(emu, input, identity);
  const scenarioError = startScenarioError(emu, recipient, signupDisabled);
  if (scenarioError !== undefined) throw scenarioError;

  const now = emu.clock.now();
  // A connection's own OTP settings win over the emulator's (tenant file, "OTP Length/Expiry").
  const code = testCodeFor(emu.tenant, recipient) ?? emu.random.otp.digits(connection.otp_length ?? emu.otpLength);
  const expiresAt = now + (connection.otp_ttl_seconds ?? emu.otpTtlSeconds) * 1000;
  // A link is the same code; what it carries is kept with it, so a changed link is told apart.
  const binding = input.send === 'link' ? linkBinding(input.client.client_id, input.authParams) : undefined;
  const identityParam = connection.strategy === 'email' ? 'email' : 'phone_number';
  const link = binding === undefined ? null : magicLinkUrl({ base: emu.url, connection: connection.name, identityParam, recipient, code }, binding);
  const language = headerText(req, 'x-request-language');
  // Sent for real first (SMTP, SMS gateway): a refused SMS fails the request before any state changes.
  const rendered = await deliverForReal(
    emu,
    { connection, client: input.client, recipient, send: input.send, code, link, requestLanguage: language ?? headerText(req, 'accept-language') ?? null },
    { ip: req.sourceIp, userAgent: headerText(req, 'user-agent') },
  );
  emu.otps.forgetExpired(now);
  emu.otps.issue(connection.name, identity, code, expiresAt, binding);

  deliver(emu, {
    id: emu.random.messageId.hex(24),
    channel: connection.strategy,
    to: recipient,
    send: input.send,
    code,
    link,
    created_at: now,
    expires_at: expiresAt,
    ...rendered,
  });

  const id = emu.random.startId.hex(24);
  if (connection.strategy === 'email') return json(200, { _id: id, email: recipient, email_verified: false });
  return json(200, { _id: id, phone_number: recipient, request_language: language ?? null });
}
