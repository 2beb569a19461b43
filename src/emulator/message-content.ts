/**
 * What an email or SMS says: the connection's templates (templates.ts) rendered with the variables
 * Auth0 documents for passwordless messages (docs/auth0-behaviour.md, B-MSG-2, B-MSG-3; the list is
 * in docs/emulator.md "Templates"), or the emulator's default wording, close to Auth0's default
 * passwordless email template, when the tenant gives none.
 */
import type { TenantClient, TenantConnection } from './tenant.ts';
import { htmlToText } from './html-text.ts';
import type { ConnectionTemplates, RenderTemplate, TemplateVariables } from './templates.ts';

/** The From of an email whose connection names none (`.test` is reserved, RFC 2606 §2). */
export const DEFAULT_EMAIL_FROM = 'pwless emulator <noreply@emulator.pwless.test>';
/** The `sender` of an SMS whose connection has no `from`. */
export const DEFAULT_SMS_SENDER = 'pwless-emulator';

export interface MessageInput {
  connection: TenantConnection;
  client: TenantClient;
  /** The address or number as the client sent it. */
  recipient: string;
  send: 'code' | 'link';
  code: string;
  link: string | null;
  /** `x-request-language`, else `accept-language`, else null (B-START-8). */
  requestLanguage: string | null;
}

export interface EmailContent {
  from: string;
  subject: string;
  html: string;
  text: string;
}

export interface SmsContent {
  sender: string;
  body: string;
}

/** The variables of B-MSG-2 (email) and B-MSG-3 (SMS); organisation and tenant settings are not emulated. */
export function templateVariables(input: MessageInput): TemplateVariables {
  const { connection, client, recipient } = input;
  const common = {
    code: input.code,
    link: input.link,
    send: input.send,
    request_language: input.requestLanguage,
    // Only an email change through the Management API sets it, which the emulator does not serve.
    operation: null,
    application: { name: client.name, clientID: client.client_id },
    connection: { name: connection.name },
  };
  if (connection.strategy === 'email') return { ...common, email: recipient, user: { email: recipient } };
  return { ...common, password: input.code, phone_number: recipient };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function defaultEmailHtml(input: MessageInput): string {
  const app = escapeHtml(input.client.name);
  if (input.send === 'link' && input.link !== null) {
    const link = escapeHtml(input.link);
    return `<p>Click and confirm that you want to sign in to ${app}.</p>\n<p><a href="${link}">Sign in to ${app}</a></p>`;
  }
  return `<p>Your verification code is: <b>${escapeHtml(input.code)}</b></p>`;
}

async function rendered(template: RenderTemplate | undefined, variables: TemplateVariables, fallback: string): Promise<string> {
  return template === undefined ? fallback : (await template(variables)).trim();
}

export async function emailContent(input: MessageInput, templates: ConnectionTemplates | undefined): Promise<EmailContent> {
  const variables = templateVariables(input);
  const defaultSubject = input.send === 'link' ? `Sign in to ${input.client.name}` : `Your verification code for ${input.client.name}`;
  const html = await rendered(templates?.body, variables, defaultEmailHtml(input));
  return {
    from: (await rendered(templates?.from, variables, DEFAULT_EMAIL_FROM)) || DEFAULT_EMAIL_FROM,
    subject: (await rendered(templates?.subject, variables, defaultSubject)) || defaultSubject,
    html,
    text: htmlToText(html),
  };
}

export async function smsContent(input: MessageInput, templates: ConnectionTemplates | undefined): Promise<SmsContent> {
  const fallback = input.send === 'link' && input.link !== null ? `Your verification link is: ${input.link}` : `Your verification code is: ${input.code}`;
  return { sender: input.connection.from ?? DEFAULT_SMS_SENDER, body: await rendered(templates?.body, templateVariables(input), fallback) };
}
