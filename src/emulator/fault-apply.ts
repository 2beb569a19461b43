/**
 * Carries out an endpoint fault (faults.ts) in place of, or before, the real handler. Faults act
 * before anything else, so a faulted request changes no state: to the client it looks as if the
 * request never reached the tenant, or the answer never came back.
 */
import type { EmulatorContext, HandlerRequest } from './context.ts';
import { PATHS } from './paths.ts';
import type { EndpointFault } from './faults.ts';
import { API_POLICY, emptyBucket, rateLimitHeaders, TOO_MANY_REQUESTS } from './rate-limit.ts';
import type { Reply } from './respond.ts';

/** A proxy's "bad gateway" page, as a client meets it when something in front of Auth0 fails. */
const BAD_GATEWAY_PAGE = `<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>pwless emulator (injected fault)</center>
</body>
</html>
`;

const NO_ANSWER: Reply = { status: 0, destroy: true };

/** Resolves true after `ms`, or false as soon as the client goes away or the emulator closes. */
function pause(ms: number, ...signals: AbortSignal[]): Promise<boolean> {
  const signal = AbortSignal.any(signals);
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The default body of an injected status, in the serializer's shape. */
function defaultBody(status: number): Record<string, string> {
  const description = `Injected fault: the emulator answers ${status} on purpose (POST /__emulator/faults).`;
  if (status === 429) return { error: 'too_many_requests', error_description: TOO_MANY_REQUESTS };
  if (status === 503) return { error: 'temporarily_unavailable', error_description: description };
  if (status >= 500) return { error: 'server_error', error_description: description };
  return { error: 'injected_fault', error_description: description };
}

/** An injected 429 carries the rate-limit headers and `retry-after` of an empty bucket, like a real one. */
function rateLimitedHeaders(fault: EndpointFault, emu: EmulatorContext): Record<string, string> {
  const policy = fault.endpoint === PATHS.passwordlessStart ? emu.ratePolicies.start : fault.endpoint === PATHS.token ? emu.ratePolicies.token : API_POLICY;
  const headers = rateLimitHeaders(emptyBucket(policy, emu.clock.now()));
  if (fault.retry_after !== undefined) headers['retry-after'] = String(fault.retry_after);
  return headers;
}

function injectedStatus(fault: EndpointFault, status: number, emu: EmulatorContext): Reply {
  const headers = { ...(status === 429 ? rateLimitedHeaders(fault, emu) : {}), ...fault.headers };
  const body = fault.body === undefined ? defaultBody(status) : fault.body;
  return { status, headers, body };
}

/** The reply that replaces the real one, or undefined to go on with the request (a pure delay). */
export async function applyFault(fault: EndpointFault, req: HandlerRequest, emu: EmulatorContext): Promise<Reply | undefined> {
  if (fault.delay_ms !== undefined && fault.delay_ms > 0) {
    if (!(await pause(fault.delay_ms, req.signal, emu.shutdown))) return NO_ANSWER;
  }
  switch (fault.action) {
    case 'hang':
      // Never answer: wait for the client to give up, or for close(), then drop the connection.
      await pause(2 ** 31 - 1, req.signal, emu.shutdown);
      return NO_ANSWER;
    case 'drop':
      return NO_ANSWER;
    case 'html':
      return { status: 502, raw: { contentType: 'text/html; charset=utf-8', text: BAD_GATEWAY_PAGE } };
    case undefined:
      break;
  }
  return fault.status === undefined ? undefined : injectedStatus(fault, fault.status, emu);
}
