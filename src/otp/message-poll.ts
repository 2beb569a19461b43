/**
 * What the real-delivery sources (Mailpit, MailDev, Mailosaur, an SMS gateway) share: asking an
 * HTTP API through `send()` (so proxies, --ca-file, -v and --trace-file apply), turning its
 * failures into errors that name the source, and polling with back-off until a message to the
 * address arrives or --otp-timeout (or Ctrl-C) ends the wait. README "Against a real tenant in CI".
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, NetworkError } from '../core/errors.ts';
import { send, type HttpRequest } from '../core/http.ts';
import type { ReadContext } from './read-context.ts';

/** A message found for the login: where it is, and its texts in the order to search them (text part, then the HTML part as text). */
export interface DeliveredMessage {
  id: string;
  texts: string[];
  /** A code or link the source itself found (Mailosaur, the gateway's receiver), tried after the texts. */
  code?: string | undefined;
  link?: string | undefined;
}

/** The pauses between two looks; the last one repeats. Bounded by --otp-timeout. */
const BACKOFF_MS = [250, 500, 1000, 2000];

/**
 * A message received this long before the request still counts: the source's clock (a container,
 * a hosted service) may run a little behind this machine's, and some store whole seconds.
 */
export const CLOCK_SLACK_MS = 1000;

/** Who and what a source searched, for the `otp_timeout` message. */
export interface Search {
  /** e.g. "Mailpit at http://127.0.0.1:8025". */
  source: string;
  hint: string;
}

export async function pollForMessage(rc: ReadContext, search: Search, lookOnce: () => Promise<DeliveredMessage | undefined>): Promise<DeliveredMessage> {
  const deadline = Date.now() + rc.timeoutMs;
  for (let look = 0; ; look++) {
    const found = await lookOnce();
    if (found !== undefined) return found;
    const pause = Math.min(BACKOFF_MS[Math.min(look, BACKOFF_MS.length - 1)] as number, deadline - Date.now());
    if (pause <= 0) {
      throw new NetworkError(
        `No message to ${rc.identity} reached ${search.source} since ${new Date(rc.sinceMs).toISOString()} within ${rc.timeoutMs / 1000} s.`,
        { code: 'otp_timeout', hint: search.hint },
      );
    }
    try {
      await sleep(pause, undefined, rc.signal ? { signal: rc.signal } : {});
    } catch (error) {
      // Ctrl-C: the run's own reason (an InterruptedError), as send() throws it.
      throw rc.signal?.aborted ? rc.signal.reason : error;
    }
  }
}

/** How errors name a source: its label and where it is, without the credentials or a trailing slash ("Mailpit at http://127.0.0.1:8025"). */
export function sourceAt(label: string, base: URL): string {
  return `${label} at ${base.origin}${base.pathname.replace(/\/$/, '')}`;
}

export interface ApiCall {
  /** The source, as the user knows it: "Mailpit at http://127.0.0.1:8025". */
  source: string;
  /** What to fix when it refuses the credentials (401/403). */
  unauthorizedHint: string;
  request: HttpRequest;
  /** 404 means "not there (yet)", not "not this API" (one message that was deleted). */
  notFoundIsEmpty?: boolean;
}

/** One API call: its JSON body, undefined for an accepted 404; each failure an error naming the source. */
export async function callApi(call: ApiCall, rc: ReadContext): Promise<unknown> {
  const { source, request } = call;
  let res: Awaited<ReturnType<typeof send>>;
  try {
    res = await send(request, { ...rc.http, signal: rc.signal ?? rc.http.signal });
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    throw new NetworkError(`${source} could not be reached: ${error.message}`, {
      code: error.code,
      hint: error.hint ?? `Is ${source} running, and is the URL of --otp-from right?`,
      cause: error,
    });
  }
  const what = `${request.method} ${request.url.pathname}`;
  if (res.status === 401 || res.status === 403) {
    throw new ConfigError(`${source} refused pwless's credentials (HTTP ${res.status} to ${what}).`, {
      code: 'otp_source_unauthorized',
      hint: call.unauthorizedHint,
    });
  }
  if (res.status === 404 && call.notFoundIsEmpty) return undefined;
  if (res.status >= 500) {
    throw new NetworkError(`${source} answered HTTP ${res.status} to ${what}.`, {
      code: 'server_error',
      status: res.status,
      hint: 'Retry later, or check the service.',
    });
  }
  if (res.status < 200 || res.status > 299) {
    throw new NetworkError(`${source} answered HTTP ${res.status} to ${what}.`, {
      code: 'invalid_response',
      status: res.status,
      hint: 'Check the URL of --otp-from: it should be the base address of the service, where its web page is.',
    });
  }
  try {
    return JSON.parse(res.text) as unknown;
  } catch {
    throw new NetworkError(`${source} answered ${what} with something that is not JSON.`, {
      code: 'invalid_response',
      status: res.status,
      hint: 'Check the URL of --otp-from: it should be the base address of the service, where its web page is.',
    });
  }
}

/** A path below the base URL, keeping the base's own path (a catcher served under /mail/). */
export function apiUrl(base: URL, path: string, query: Record<string, string> = {}): URL {
  const url = new URL(base.href.replace(/\/*$/, '/') + path.replace(/^\//, ''));
  url.search = new URLSearchParams(query).toString();
  return url;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A message's time as epoch ms (ISO strings, as every API here sends them), NaN when missing. */
export function timeOf(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/** Whether a message arrived for this login: at or after the request, give or take the clock slack. */
export function isNewEnough(receivedMs: number, rc: ReadContext): boolean {
  return Number.isFinite(receivedMs) && receivedMs >= rc.sinceMs - CLOCK_SLACK_MS;
}

/** Whether two addresses are the same mailbox or number: emails case-insensitively, numbers by their digits. */
export function sameRecipient(a: string, b: string): boolean {
  if (a.includes('@') || b.includes('@')) return a.trim().toLowerCase() === b.trim().toLowerCase();
  const digits = (s: string) => s.replace(/\D/g, '');
  return digits(a) !== '' && digits(a) === digits(b);
}

/** Throws the error of an answer whose shape is not the API's. */
export function unexpectedShape(source: string, what: string): NetworkError {
  return new NetworkError(`${source} answered ${what} in a shape pwless does not know.`, {
    code: 'invalid_response',
    hint: 'Check that the URL of --otp-from is that service (and a version whose API pwless reads: README, "--otp-from").',
  });
}
