/**
 * What one running emulator delivers with besides its outbox (docs/emulator.md "Real delivery"):
 * the parsed templates, the SMTP sender, the default SMS gateway. Built by delivery-load.ts when it
 * starts, used by real-delivery.ts; a module of its own so that context.ts needs no handler code.
 */
import type { SmtpFailure } from './delivery-options.ts';
import type { GatewayTarget, SmsGatewayClient } from './sms-gateway.ts';
import type { SmtpSender } from './smtp.ts';
import type { MessageTemplates } from './templates.ts';

/** What one running emulator delivers with; built in server.ts. */
export interface Delivery {
  templates: MessageTemplates;
  smtp: SmtpSender | undefined;
  smtpFailure: SmtpFailure;
  /** The `smsGateway` option's gateway, its secret read; for SMS connections without their own. */
  defaultGateway: GatewayTarget | undefined;
  gatewayTimeoutMs: number;
  gatewayClient: SmsGatewayClient;
}
