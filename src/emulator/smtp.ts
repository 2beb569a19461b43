/**
 * Real email delivery (`--smtp smtp://host:port`, docs/emulator.md "Real delivery"): each email of
 * the outbox is also handed to an SMTP server, a mail catcher such as MailDev or Mailpit, as a
 * message with a text and an HTML part (nodemailer, https://nodemailer.com/smtp/). nodemailer is
 * imported on the first email only, so an emulator without `--smtp` never loads it. Every step of
 * the SMTP dialogue is bounded by the timeout, and so is the whole send, so `/passwordless/start`
 * never hangs on a silent server.
 */
import type { EmailContent } from './message-content.ts';

export interface SmtpTarget {
  /** `smtp://host:port` (plain, no STARTTLS) or `smtps://host:port` (TLS from the start). */
  url: string;
  timeoutMs: number;
}

interface Transport {
  sendMail(mail: Record<string, unknown>): Promise<unknown>;
  close(): void;
}

export class SmtpSender {
  readonly #target: SmtpTarget;
  #transport: Promise<Transport> | undefined;

  constructor(target: SmtpTarget) {
    this.#target = target;
  }

  get url(): string {
    return this.#target.url;
  }

  #open(): Promise<Transport> {
    this.#transport ??= (async () => {
      const nodemailer = (await import('nodemailer')).default;
      const url = new URL(this.#target.url);
      const secure = url.protocol === 'smtps:';
      const timeout = this.#target.timeoutMs;
      return nodemailer.createTransport({
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: Number(url.port || (secure ? 465 : 25)),
        secure,
        // A mail catcher on loopback: plain SMTP as asked, no opportunistic STARTTLS to a self-signed certificate.
        ignoreTLS: !secure,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      }) as unknown as Transport;
    })();
    return this.#transport;
  }

  /** Sends one email; rejects with the SMTP server's or the network's error, or after the timeout. */
  async send(to: string, content: EmailContent, signal: AbortSignal): Promise<void> {
    const transport = await this.#open();
    const sending = transport.sendMail({ from: content.from, to, subject: content.subject, text: content.text, html: content.html });
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const bounded = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.#target.timeoutMs} ms`)), this.#target.timeoutMs);
      onAbort = () => reject(new Error('the emulator is closing'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([sending, bounded]);
    } finally {
      clearTimeout(timer);
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
      // A send given up on still settles later; its rejection must not go unhandled.
      sending.catch(() => {});
    }
  }

  async close(): Promise<void> {
    const transport = this.#transport;
    this.#transport = undefined;
    if (transport !== undefined) (await transport.catch(() => undefined))?.close();
  }
}
