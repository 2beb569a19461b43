/**
 * The outbox: what the emulator "sends" instead of email or SMS (docs/emulator.md "Control API"; design.md
 * §4). Messages are kept in memory, indexed by recipient (a `?to=` read or wait never scans the
 * others) and bounded per recipient and in total, the oldest dropped first; waiters block until a matching message arrives, their
 * timeout runs out, their client goes away, or the emulator closes.
 */
import { isoTimeFromMs } from './clock.ts';
import { DEFAULT_OUTBOX_CAPS } from './defaults.ts';

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

/** How many messages the outbox keeps (docs/emulator.md "Control API", E-OUTBOX-5): the oldest go first. */
export interface OutboxCaps {
  perRecipient: number;
  total: number;
}

/** Recipients compare case-insensitively: emails are case-insensitive here, numbers have no case. */
function recipientKey(to: string): string {
  return to.toLowerCase();
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
  /** Every message, oldest first (insertion order); readers reverse. */
  #messages = new Set<OutboxMessage>();
  /** The same messages by recipient, oldest first: a `?to=` read or wait touches only its own. */
  #byRecipient = new Map<string, OutboxMessage[]>();
  #waiters = new Set<Waiter>();
  #waitersByRecipient = new Map<string, Set<Waiter>>();
  #pending = new Set<NodeJS.Timeout>();
  #closed = false;
  #caps: OutboxCaps;

  constructor(caps: OutboxCaps = DEFAULT_OUTBOX_CAPS) {
    this.#caps = { ...caps };
  }

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
    this.#keep(message);
    const waiters = this.#waitersByRecipient.get(recipientKey(message.to));
    if (waiters === undefined) return;
    for (const waiter of [...waiters]) {
      if (message.created_at > waiter.since) waiter.finish(this.list(waiter.to, waiter.since));
    }
  }

  /** Stores a message, then drops the oldest of its recipient, and the oldest of all, past the caps. */
  #keep(message: OutboxMessage): void {
    const key = recipientKey(message.to);
    let mine = this.#byRecipient.get(key);
    if (mine === undefined) {
      mine = [];
      this.#byRecipient.set(key, mine);
    }
    mine.push(message);
    this.#messages.add(message);
    while (mine.length > this.#caps.perRecipient) this.#messages.delete(mine.shift()!);
    while (this.#messages.size > this.#caps.total) this.#dropOldest();
  }

  /** The oldest message of all is also the oldest of its recipient: the head of both. */
  #dropOldest(): void {
    const oldest = this.#messages.values().next().value!;
    this.#messages.delete(oldest);
    const key = recipientKey(oldest.to);
    const mine = this.#byRecipient.get(key)!;
    mine.shift();
    if (mine.length === 0) this.#byRecipient.delete(key);
  }

  /** Newest first; only messages to `to` (when given) created strictly after `since` (when given). */
  list(to?: string, since = Number.NEGATIVE_INFINITY): OutboxMessage[] {
    const source = to === undefined ? [...this.#messages] : (this.#byRecipient.get(recipientKey(to)) ?? []);
    const found: OutboxMessage[] = [];
    for (let i = source.length - 1; i >= 0; i--) {
      const message = source[i]!;
      if (message.created_at > since) found.push(message);
    }
    return found;
  }

  /** Removes every message and cancels delayed deliveries; pending waits keep waiting. */
  clear(): void {
    this.#messages.clear();
    this.#byRecipient.clear();
    this.#cancelPending();
  }

  /** Replaces the messages (the state file's), oldest first; the caps apply. */
  replace(messages: OutboxMessage[]): void {
    this.#messages.clear();
    this.#byRecipient.clear();
    for (const message of messages) this.#keep({ ...message });
  }

  /** Resolves with the matching messages as soon as there are any. */
  wait(to: string, since: number, timeoutMs: number, signal: AbortSignal): Promise<WaitOutcome> {
    const ready = this.list(to, since);
    if (ready.length > 0) return Promise.resolve(ready);
    if (this.#closed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const key = recipientKey(to);
      const finish = (outcome: WaitOutcome): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waiters.delete(waiter);
        const same = this.#waitersByRecipient.get(key);
        same?.delete(waiter);
        if (same?.size === 0) this.#waitersByRecipient.delete(key);
        resolve(outcome);
      };
      const onAbort = (): void => finish('closed');
      const waiter: Waiter = { to, since, finish };
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
      const same = this.#waitersByRecipient.get(key) ?? new Set<Waiter>();
      same.add(waiter);
      this.#waitersByRecipient.set(key, same);
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
