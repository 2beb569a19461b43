/**
 * Delivery besides the outbox (docs/emulator.md "Real delivery", "Templates"): a message is
 * rendered from its connection's templates, then an email goes to the SMTP server (`smtp`) and an
 * SMS to the custom SMS gateway (the connection's `gateway_url`, else `smsGateway`). It runs before
 * the code is issued, so a gateway that refuses the SMS fails `/passwordless/start` with
 * `sms_provider_error` (docs/auth0-behaviour.md, B-GATEWAY-3, B-GATEWAY-4) and changes no state. An
 * SMTP failure is reported, and fails the request only with `smtpFailure: 'fail'` (B-MSG-4).
 */
import type { EmulatorContext } from './context.ts';
import type { Delivery } from './delivery.ts';
import { OAuthError } from './errors.ts';
import { emailContent, smsContent, type MessageInput } from './message-content.ts';
import { gatewayBody, gatewayKey, type GatewayTarget, type RequestInfo } from './sms-gateway.ts';
import type { SmtpSender } from './smtp.ts';
import type { TenantConnection } from './tenant.ts';

/** What a rendered template adds to the outbox message: the email's From, Subject and HTML body, or the SMS text. */
export interface RenderedFields {
  from?: string;
  subject?: string;
  body?: string;
}

/** The connection's own gateway (Auth0's `provider: 'sms_gateway'`) wins over the `smsGateway` option. */
function gatewayFor(delivery: Delivery, connection: TenantConnection): GatewayTarget | undefined {
  if (connection.provider !== 'sms_gateway' || connection.gateway_url === undefined) return delivery.defaultGateway;
  const auth = connection.gateway_authentication;
  return {
    url: connection.gateway_url,
    ...(auth === undefined ? {} : { secret: gatewayKey(auth.secret, auth.secret_base64_encoded ?? false) }),
    ...(auth?.subject === undefined ? {} : { subject: auth.subject }),
    ...(auth?.audience === undefined ? {} : { audience: auth.audience }),
    forwardReqInfo: connection.forward_req_info ?? false,
    timeoutMs: delivery.gatewayTimeoutMs,
  };
}

async function rendering<T>(emu: EmulatorContext, connection: string, render: () => Promise<T>): Promise<T> {
  try {
    return await render();
  } catch (err) {
    emu.report(`[template] connection ${connection}: ${(err as Error).message}`);
    throw new OAuthError(500, 'server_error', `The message template of connection "${connection}" failed to render; the emulator's log has the details.`);
  }
}

async function sendEmail(emu: EmulatorContext, smtp: SmtpSender, input: MessageInput, content: Awaited<ReturnType<typeof emailContent>>): Promise<void> {
  try {
    await smtp.send(input.recipient, content, emu.shutdown);
    emu.report(`[smtp] email ${input.send} to ${input.recipient} handed to ${smtp.url}`);
  } catch (err) {
    const reason = (err as Error).message;
    emu.report(`[smtp] email ${input.send} to ${input.recipient} NOT delivered to ${smtp.url}: ${reason}`);
    if (emu.delivery.smtpFailure === 'fail') {
      throw new OAuthError(500, 'server_error', `The email could not be handed to the SMTP server ${smtp.url}: ${reason}`);
    }
  }
}

/** Renders and sends one message for real; returns what the outbox message gains. Throws OAuthError when the request must fail. */
export async function deliverForReal(emu: EmulatorContext, input: MessageInput, info: RequestInfo): Promise<RenderedFields> {
  const { delivery } = emu;
  const { connection } = input;
  const templates = delivery.templates.of(connection.name);
  if (connection.strategy === 'email') {
    if (delivery.smtp === undefined && templates === undefined) return {};
    const content = await rendering(emu, connection.name, () => emailContent(input, templates));
    if (delivery.smtp !== undefined) await sendEmail(emu, delivery.smtp, input, content);
    return templates === undefined ? {} : { from: content.from, subject: content.subject, body: content.html };
  }
  const gateway = gatewayFor(delivery, connection);
  if (gateway === undefined && templates === undefined) return {};
  const content = await rendering(emu, connection.name, () => smsContent(input, templates));
  if (gateway !== undefined) {
    const body = gatewayBody(input.recipient, content, gateway.forwardReqInfo ? info : undefined);
    try {
      await delivery.gatewayClient.send(gateway, body, Math.floor(emu.clock.now() / 1000), emu.shutdown);
    } catch (err) {
      if (err instanceof OAuthError) emu.report(`[sms-gateway] sms ${input.send} to ${input.recipient} refused by ${gateway.url}: ${err.description}`);
      throw err;
    }
    emu.report(`[sms-gateway] sms ${input.send} to ${input.recipient} taken by ${gateway.url}`);
  }
  return templates === undefined ? {} : { body: content.body };
}
