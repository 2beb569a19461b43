/**
 * startEmulator(): a local, in-memory stand-in for an Auth0 tenant's passwordless endpoints
 * (design.md §4, docs/emulator.md), on node:http or node:https. Handlers live in actions/, routing in
 * routes.ts, the error serializer in respond.ts, the network plumbing in http-server.ts; this file
 * loads the configuration, dispatches (faults first), and shuts down.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthCodeStore } from './auth-codes.ts';
import { BruteForceGuard } from './brute-force.ts';
import { ControlledClock } from './clock.ts';
import type { EmulatorContext, HandlerRequest, Limits } from './context.ts';
import { PATHS, routePath } from './paths.ts';
import { pageReply, PageError } from './error-page.ts';
import { OAuthError } from './errors.ts';
import { applyFault } from './fault-apply.ts';
import { FaultStore } from './fault-store.ts';
import { baseUrl, createServer, listen, requestUrl } from './http-server.ts';
import { KeyRing } from './key-ring.ts';
import { loadSigningKey } from './keys.ts';
import { LoginTicketStore } from './login-tickets.ts';
import { withCors } from './cors.ts';
import { resolveEmulatorSettings, type EmulatorOptions, type LimitSettings, type EmulatorSettings } from './options.ts';
import { OtpStore } from './otp-store.ts';
import { Outbox } from './outbox.ts';
import { randomSources } from './random.ts';
import { perPeriod, RateLimiter, START_POLICY, TOKEN_POLICY } from './rate-limit.ts';
import { RefreshTokenStore } from './refresh-tokens.ts';
import { errorReply, writeReply, type Reply } from './respond.ts';
import { resolveRoute } from './routes.ts';
import { socketIp } from './source-ip.ts';
import { ensureWritable, loadState, removeLeftoverTemporaries, StateWriter } from './state-file.ts';
import { restoreState, savedKeys, snapshotState } from './state-snapshot.ts';
import type { Tenant } from './tenant.ts';
import { loadTenant } from './tenant-file.ts';
import { loadDelivery } from './delivery-load.ts';
import { loadTls } from './tls.ts';
import { UserStore } from './users.ts';

/** The options startEmulator() takes; defined in options.ts, beside their validation. */
export type { EmulatorOptions } from './options.ts';

export interface RunningEmulator {
  /** Base URL without a trailing slash (`https` with TLS; the real port when port 0; IPv6 bracketed). */
  url: string;
  /** `url` + '/'. */
  issuer: string;
  /** The tenant it serves (clients, connections, users, test codes); live: changes act at once. */
  tenant: Tenant;
  /** Ends pending outbox waits and hanging requests, stops listening, destroys sockets, saves state. */
  close(): Promise<void>;
}

/** How long close() lets in-flight answers finish before destroying their sockets. */
const CLOSE_GRACE_MS = 500;

function limitsOf(settings: LimitSettings | false): Limits | undefined {
  if (settings === false) return undefined;
  return {
    start: new RateLimiter(perPeriod(settings.startPerHour, 3600_000)),
    token: new RateLimiter(perPeriod(settings.tokenPerSecond, 1000)),
    bruteForce: new BruteForceGuard(settings.bruteForceThreshold),
  };
}

async function dispatch(req: IncomingMessage, signal: AbortSignal, emu: EmulatorContext): Promise<Reply> {
  try {
    const url = requestUrl(req.url);
    const method = req.method ?? 'GET';
    // One route for a path pattern (`/client/<id>.js`): its handler, and the faults armed on it.
    const route = routePath(url.pathname);
    const handler = resolveRoute(method, route);
    const request: HandlerRequest = { raw: req, url, signal, sourceIp: socketIp(req) };
    // An armed fault acts before the handler, so the faulted request changes no state.
    const fault = emu.faults.forRequest(method, route);
    const faulted = fault === undefined ? undefined : await applyFault(fault, request, emu);
    return faulted ?? (await handler(request, emu));
  } catch (err) {
    if (err instanceof OAuthError) return errorReply(err);
    if (err instanceof PageError) return pageReply(err);
    // A bug, not a client mistake: say so to the embedder, never leak details to the client.
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    emu.report(`[error] ${req.method} ${req.url}: ${detail}`);
    return errorReply(new OAuthError(500, 'server_error', 'The emulator failed unexpectedly; its log has the details.'));
  }
}

/** Whether a request may have changed what the state file keeps: any but a GET, a followed link, an /authorize (its code). */
function mayChangeState(req: IncomingMessage): boolean {
  const target = req.url ?? '';
  return req.method !== 'GET' || target.startsWith(PATHS.verifyRedirect) || target.startsWith(PATHS.authorize);
}

/** Loads every file the settings name, so that all configuration errors come before listening. */
async function loadConfiguration(settings: EmulatorSettings) {
  const tenant = await loadTenant(settings.tenant);
  const tls = settings.tlsCert === undefined ? undefined : await loadTls(settings.tlsCert, settings.tlsKey!);
  const saved = settings.stateFile === undefined ? undefined : await loadState(settings.stateFile);
  if (settings.stateFile !== undefined) await ensureWritable(settings.stateFile);
  const leftovers = settings.stateFile === undefined ? [] : await removeLeftoverTemporaries(settings.stateFile);
  // A key file wins over saved keys; otherwise the saved keys keep tokens valid across restarts.
  const kept = settings.keyFile === undefined ? await savedKeys(saved) : [];
  const keys = kept.length > 0 ? new KeyRing(kept[0]!, kept[1]) : new KeyRing(await loadSigningKey(settings.keyFile));
  const delivery = await loadDelivery(settings, tenant);
  return { tenant, tls, saved, keys, delivery, leftovers };
}

/**
 * The one reason every "client gone" abort carries: `abort()` without one builds a new
 * `DOMException` (with its stack) per response, a measurable share of a login's CPU (bench/RESULTS.md).
 */
const CLIENT_GONE = Object.freeze(new Error('The client closed the connection.'));

export async function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator> {
  return (await launchEmulator(options)).running;
}

/**
 * startEmulator() with the state its handlers share: the library API (library.ts) calls the
 * control operations on that context directly, with no HTTP round trip.
 */
export async function launchEmulator(options?: EmulatorOptions): Promise<{ running: RunningEmulator; context: EmulatorContext }> {
  const settings = resolveEmulatorSettings(options);
  const { tenant, tls, saved, keys, delivery, leftovers } = await loadConfiguration(settings);
  const random = randomSources(settings.seed);
  const inFlight = new Set<ServerResponse>();
  const shutdown = new AbortController();
  let emu: EmulatorContext | undefined;
  let writer: StateWriter | undefined;

  const server = createServer(tls, settings.timeouts, (req, res) => {
    if (emu === undefined) return void res.destroy();
    const context = emu;
    inFlight.add(res);
    // Aborted when the client goes away, so a long outbox wait stops waiting for nobody.
    const gone = new AbortController();
    res.once('close', () => {
      inFlight.delete(res);
      gone.abort(CLIENT_GONE);
    });
    // CORS (cors.ts) wraps every answer: preflights, and the headers of answers and errors alike.
    void withCors(req, context, () => dispatch(req, gone.signal, context)).then((reply) => {
      try {
        writeReply(res, reply);
      } catch (err) {
        context.report(`[error] writing the answer to ${req.method} ${req.url}: ${String(err)}`);
        res.destroy();
      }
      if (mayChangeState(req)) writer?.schedule();
    });
  });

  const address = await listen(server, settings.host, settings.port);
  server.on('error', (err) => emu?.report(`[error] server: ${err.message}`));
  const url = baseUrl(settings.host, address, tls !== undefined);
  const limits = limitsOf(settings.limits);
  const faults = new FaultStore(random.faultDraw);
  for (const spec of settings.faults) faults.arm(spec);
  emu = {
    url,
    issuer: `${url}/`,
    tenant,
    keys,
    clock: new ControlledClock(settings.clock, settings.startAt),
    random,
    otpLength: settings.otpLength,
    otpTtlSeconds: settings.otpTtlSeconds,
    otps: new OtpStore(),
    users: new UserStore(random.userId),
    outbox: new Outbox(settings.outboxCaps),
    refreshTokens: new RefreshTokenStore(random.refreshToken),
    authCodes: new AuthCodeStore(random.authCode),
    loginTickets: new LoginTicketStore(random.loginTicket),
    limits,
    ratePolicies: { start: limits?.start.policy ?? START_POLICY, token: limits?.token.policy ?? TOKEN_POLICY },
    faults,
    delivery,
    shutdown: shutdown.signal,
    report(line) {
      try {
        settings.onMessage(line);
      } catch {
        // The embedder's logger failing must not take a request down with it.
      }
    },
  };
  const context = emu;
  for (const file of leftovers) context.report(`[state] removed ${file}, a temporary file left by a run that was killed while writing the state file`);
  if (saved !== undefined) restoreState(context, saved);
  if (settings.stateFile !== undefined) {
    writer = new StateWriter(
      settings.stateFile,
      () => snapshotState(context),
      (line) => context.report(line),
    );
    await writer.flush(); // creates the file at once, and finds an unwritable path early
  }

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      shutdown.abort(); // hanging and delayed requests end now
      context.outbox.close(); // pending waits answer 503 before their sockets go
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      server.closeAllConnections();
      await stopped;
      await Promise.all([delivery.smtp?.close(), delivery.gatewayClient.close()]);
      await writer?.flush();
    })();
    return closed;
  };

  return { running: { url, issuer: `${url}/`, tenant, close }, context };
}
