/**
 * A run talks to a tenant over one keep-alive connection: discovery, the JWKS, the send, the
 * outbox and the token request all go through the one HTTP client (src/core/http.ts), which waits
 * for undici to put the connection back in its pool before the next request. The emulator runs in
 * this process, so its server's accepted connections are counted on Node's `net.server.socket`
 * diagnostics channel (https://nodejs.org/api/diagnostics_channel.html#built-in-channels), and
 * each request is matched to its connection on `http.server.request.start`.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../../src/emulator/library.ts';
import { configSession } from './cli.ts';

let emulator: TestEmulator;
let port: number;
const connections = new Map<Socket, number>();
let served: { connection: number | undefined; path: string }[] = [];

const onConnection = (message: unknown) => {
  const { socket } = message as { socket: Socket };
  if (socket.localPort === port) connections.set(socket, connections.size + 1);
};
const onRequest = (message: unknown) => {
  const { request, socket } = message as { request: IncomingMessage; socket: Socket };
  if (socket.localPort === port) served.push({ connection: connections.get(socket), path: new URL(request.url ?? '/', 'http://x').pathname });
};

beforeAll(async () => {
  emulator = await startEmulator();
  port = Number(new URL(emulator.url).port);
  diagnostics.subscribe('net.server.socket', onConnection);
  diagnostics.subscribe('http.server.request.start', onRequest);
});
afterAll(async () => {
  diagnostics.unsubscribe('net.server.socket', onConnection);
  diagnostics.unsubscribe('http.server.request.start', onRequest);
  await emulator?.close();
});
beforeEach(() => {
  connections.clear();
  served = [];
});

/** A whole non-interactive login against the emulator, in the session's config dir. */
function login(session: ReturnType<typeof configSession>, email: string) {
  return session.run(['start', '--otp-from', 'emulator', '--json', '--domain', emulator.url, '--client-id', 'emulator-native', '--email', email]);
}

describe('one keep-alive connection per run', () => {
  it('start --otp-from emulator: health, send, outbox, token, discovery and JWKS on one connection', async () => {
    const session = configSession();
    const run = await login(session, 'one-connection@example.com');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).verification.ok).toBe(true);
    expect(served.map((s) => s.path)).toEqual([
      '/__emulator/health',
      '/passwordless/start',
      '/__emulator/clock',
      '/__emulator/outbox/wait',
      '/oauth/token',
      '/.well-known/openid-configuration',
      '/.well-known/jwks.json',
    ]);
    expect(connections.size).toBe(1);
    expect(new Set(served.map((s) => s.connection))).toEqual(new Set([1]));
  });

  it('token verify: discovery and the JWKS on one connection', async () => {
    const session = configSession();
    const first = await login(session, 'one-connection-verify@example.com');
    expect(first.code, first.stderr).toBe(0);
    connections.clear();
    served = [];
    const run = await session.run(['token', 'verify', '--json', '--domain', emulator.url, '--client-id', 'emulator-native']);
    expect(run.code, run.stderr).toBe(0);
    expect(served.map((s) => s.path)).toEqual(['/.well-known/openid-configuration', '/.well-known/jwks.json']);
    expect(connections.size).toBe(1);
  });
});
