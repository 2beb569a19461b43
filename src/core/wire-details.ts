/**
 * What undici's request() does not return but a HAR file wants (--trace-file): the HTTP version
 * the connection spoke (undici offers HTTP/2 by ALPN on https) and the address connected to.
 * undici publishes them on its diagnostics channels (https://undici.nodejs.org/#/docs/api/DiagnosticsChannel):
 * `undici:request:create` runs synchronously inside our request() call, so an AsyncLocalStorage
 * tells which of our exchanges a request belongs to; `undici:client:sendHeaders` then gives its socket.
 * Subscribed only while a trace sink is in use; without one this costs nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';

export interface WireDetails {
  httpVersion?: string;
  serverIPAddress?: string;
}

const current = new AsyncLocalStorage<WireDetails>();
const byRequest = new WeakMap<object, WireDetails>();
let subscribed = false;

function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  diagnostics.subscribe('undici:request:create', (message) => {
    const details = current.getStore();
    if (details) byRequest.set((message as { request: object }).request, details);
  });
  diagnostics.subscribe('undici:client:sendHeaders', (message) => {
    const { request, socket } = message as { request: object; socket?: { alpnProtocol?: string | false; remoteAddress?: string } };
    const details = byRequest.get(request);
    if (!details) return;
    details.httpVersion = socket?.alpnProtocol === 'h2' ? 'HTTP/2' : 'HTTP/1.1';
    if (socket?.remoteAddress) details.serverIPAddress = socket.remoteAddress;
  });
}

/** Runs `fn` (one request) and fills `details` as undici reports on it. */
export function withWireDetails<T>(details: WireDetails, fn: () => Promise<T>): Promise<T> {
  subscribe();
  return current.run(details, fn);
}
