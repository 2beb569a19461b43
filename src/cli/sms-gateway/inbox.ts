/**
 * The messages `pwless sms-gateway` received, in memory and bounded (the oldest dropped first),
 * answered in the shape of the emulator's outbox (docs/emulator.md, "Control API"): newest first,
 * `{id, channel: 'sms', to, body, code, link, created_at}`, filtered by number and time.
 */
import { findLink } from '../../core/magic-link.ts';
import { extractCode } from '../../otp/extract.ts';
import { sameRecipient } from '../../otp/message-poll.ts';

export interface ReceivedSms {
  id: string;
  channel: 'sms';
  to: string;
  sender: string | null;
  body: string;
  code: string | null;
  link: string | null;
  created_at: string;
  /** The request info Auth0 adds with `forward_req_info` (the start call's IP and user agent), as sent. */
  req?: unknown;
}

export class SmsInbox {
  private readonly messages: ReceivedSms[] = [];
  private readonly capacity: number;
  private count = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  add(message: { recipient: string; body: string; sender?: string | undefined; req?: unknown }, now = new Date()): ReceivedSms {
    this.count += 1;
    const received: ReceivedSms = {
      id: `sms_${this.count}`,
      channel: 'sms',
      to: message.recipient,
      sender: message.sender ?? null,
      body: message.body,
      code: extractCode(message.body) ?? null,
      link: findLink(message.body)?.href ?? null,
      created_at: now.toISOString(),
      ...(message.req === undefined ? {} : { req: message.req }),
    };
    this.messages.push(received);
    if (this.messages.length > this.capacity) this.messages.splice(0, this.messages.length - this.capacity);
    return received;
  }

  /** Newest first; `to` compared by digits (+1 415… and 1415… are one number), `sinceMs` inclusive. */
  list(filter: { to?: string | undefined; sinceMs?: number | undefined }): ReceivedSms[] {
    return this.messages
      .filter(
        (m) => (filter.to === undefined || sameRecipient(m.to, filter.to)) && (filter.sinceMs === undefined || Date.parse(m.created_at) >= filter.sinceMs),
      )
      .reverse();
  }
}
