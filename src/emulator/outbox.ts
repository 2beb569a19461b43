/**
 * The outbox: what the emulator "sends" instead of email or SMS (docs/emulator.md "Control API"; design.md
 * §4). Messages are kept in memory; waiters block until a matching message arrives, their
 * timeout runs out, their client goes away, or the emulator closes.
 */
import { isoTimeFromMs } from './clock.ts';

export interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms';
  /** The address or number as the client sent it. */
  to: string;
  send: 'code' | 'link';
  code: string;
  link: string | null;
  /** Epoch ms (emulator clock). */
  created_at: number;
  expires_at: number;
  /** With a template of its connection (docs/emulator.md "Templates"): the rendered From and Subject (email) and body (HTML, or the SMS text). */
  from?: string;
  subject?: string;
  body?: string;
}

/** Why a wait ended without messages. */
export type WaitOutcome = OutboxMessage[] | 'timeout' | 'closed';

interface Waiter {
  to: string;
  since: number;
  finish(outcome: WaitOutcome): void;
}

/** Recipients compare case-insensitively: emails are case-insensitive here, numbers have no case. */
function sameRecipient(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The wire form of a message: times as ISO-8601 strings (design.md §4). */
export function serializeMessage(message: OutboxMessage): Record<string, unknown> {
  return { ...message, created_at: isoTimeFromMs(message.created_at), expires_at: isoTimeFromMs(message.expires_at) };
}

/** The one human line per message that `onMessage` receives. */
export function describeMessage(message: OutboxMessage): string {
  const what = message.send === 'link' ? message.link : message.code;
  const seconds = Math.round((message.expires_at - message.created_at) / 1000);
  return `[outbox] ${message.channel} ${message.send} to ${message.to}: ${what} (expires in ${seconds}s)`;
}

export class Outbox {
  /** Oldest first; readers reverse. */
  #messages: OutboxMessage[] = [];
  #waiters = new Set<Waiter>();
  #pending = new Set<NodeJS.Timeout>();
  #closed = false;

  /**
   * Adds the message `make()` returns after `delayMs` of real time (a delayed-delivery fault).
   * Pending deliveries are cancelled by clear() and close().
   */
  addLater(delayMs: number, make: () => OutboxMessage, delivered: (message: OutboxMessage) => void): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      const message = make();
      this.add(message);
      delivered(message);
    }, delayMs);
    timer.unref();
    this.#pending.add(timer);
  }

  #cancelPending(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }

  add(message: OutboxMessage): void {
    this.#messages.push(message);
    for (const waiter of [...this.#waiters]) {
      if (sameRecipient(waiter.to, message.to) && message.created_at > waiter.since) {
        waiter.finish(this.list(waiter.to, waiter.since));
      }
    }
  }

  /** Newest first; only messages to `to` (when given) created strictly after `since` (when given). */
  list(to?: string, since = Number.NEGATIVE_INFINITY): OutboxMessage[] {
    return this.#messages.filter((m) => (to === undefined || sameRecipient(m.to, to)) && m.created_at > since).reverse();
  }

  /** Removes every message and cancels delayed deliveries; pending waits keep waiting. */
  clear(): void {
    this.#messages = [];
    this.#cancelPending();
  }

  /** Replaces the messages (the state file's), oldest first. */
  replace(messages: OutboxMessage[]): void {
    this.#messages = messages.map((message) => ({ ...message }));
  }

  /** Resolves with the matching messages as soon as there are any. */
  wait(to: string, since: number, timeoutMs: number, signal: AbortSignal): Promise<WaitOutcome> {
    const ready = this.list(to, since);
    if (ready.length > 0) return Promise.resolve(ready);
    if (this.#closed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const finish = (outcome: WaitOutcome): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
        resolve(outcome);
      };
      const onAbort = (): void => finish('closed');
      const waiter: Waiter = { to, since, finish };
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  /** How many outbox waits are pending: a test can see that its wait has arrived before it sends. */
  get waiting(): number {
    return this.#waiters.size;
  }

  /** Ends every pending wait; later waits answer at once. */
  close(): void {
    this.#closed = true;
    this.#cancelPending();
    for (const waiter of [...this.#waiters]) waiter.finish('closed');
  }
}
