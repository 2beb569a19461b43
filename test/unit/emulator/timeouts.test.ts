// Slow-loris guards: a client that sends its headers (or its body) too slowly is answered 408 and
// disconnected, while a long-poll outbox wait, whose request arrived at once, outlives both timeouts.
// The timeouts are short here (headersTimeoutMs, requestTimeoutMs options), so nothing sleeps long.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { call, expectError, start } from './helpers.ts';

const HEADERS_MS = 200;
const REQUEST_MS = 400;
let emu: RunningEmulator;
const reports: string[] = [];

beforeAll(async () => {
  emu = await start({ headersTimeoutMs: HEADERS_MS, requestTimeoutMs: REQUEST_MS, onMessage: (line) => reports.push(line) });
});
afterAll(() => emu.close());

interface Trickle {
  socket: Socket;
  closed: Promise<string>;
  stop(): void;
}

/** Sends `prefix` at once, then one byte of `rest` every `everyMs`, until the server closes the connection. */
function trickle(prefix: string, rest: string, everyMs: number): Trickle {
  const { hostname, port } = new URL(emu.url);
  const socket = connect(Number(port), hostname);
  let received = '';
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => {}); // a write racing the server's close: the close is what is tested
  socket.on('connect', () => {
    socket.write(prefix);
    timer = setInterval(() => {
      if (socket.writable && sent < rest.length) socket.write(rest[sent++]!);
    }, everyMs);
  });
  const closed = new Promise<string>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    }),
  );
  return {
    socket,
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** Fails well inside the test's own timeout if the server never closes the connection. */
async function closedWithin<T>(closed: Promise<T>, ms: number, stop: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`the server did not close the connection within ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([closed, deadline]);
  } finally {
    clearTimeout(timer);
    stop();
  }
}

const json408 =
  /^HTTP\/1\.1 408 Request Timeout\r\n[\s\S]*\r\n\r\n\{"error":"request_timeout","error_description":"The request did not arrive in time: send the headers and the body without pausing\."\}$/;

describe('slow clients', () => {
  it('a client sending its headers byte by byte, slower than headersTimeout, is answered 408 and disconnected (E-TIMEOUT-1)', async () => {
    const slow = trickle('GET /__emulator/health HTTP/1.1\r\n', `Host: 127.0.0.1\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`, 30);
    const answer = await closedWithin(slow.closed, HEADERS_MS + 2000, slow.stop);
    expect(answer).toMatch(json408);
  });

  it('a client sending its body byte by byte, slower than requestTimeout, is answered 408 and disconnected (E-TIMEOUT-1)', async () => {
    const body = JSON.stringify({ client_id: 'emulator-native', connection: 'email', email: 'slow@example.com', send: 'code', pad: 'x'.repeat(300) });
    const head = `POST /passwordless/start HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const slow = trickle(head, body, 30);
    const answer = await closedWithin(slow.closed, REQUEST_MS + 2000, slow.stop);
    expect(answer).toMatch(json408);
    expect((await call(emu, '/__emulator/outbox?to=slow@example.com')).body.messages).toEqual([]);
  });

  it('a long-poll wait outlives both timeouts: they bound receiving the request, not answering it (E-TIMEOUT-2)', async () => {
    const waitMs = REQUEST_MS * 3;
    const answer = await call(emu, `/__emulator/outbox/wait?to=nobody@example.com&since=0&timeout_ms=${waitMs}`);
    expectError(answer, 404, 'no_message', `No message to nobody@example.com after 0 within ${waitMs} ms.`);
  });

  it('reported nothing as an unexpected error, and still answers (E-TIMEOUT-1, E-ROBUST-3)', async () => {
    expect(reports.filter((line) => line.startsWith('[error]'))).toEqual([]);
    expect((await call(emu, '/__emulator/health')).status).toBe(200);
  });
});

describe('the timeout options', () => {
  it.each([
    [{ headersTimeoutMs: 0 }, 'headersTimeoutMs', 'Invalid headersTimeoutMs 0: use an integer number of milliseconds from 1 to 600000 (default 10000).'],
    [{ requestTimeoutMs: 1.5 }, 'requestTimeoutMs', 'Invalid requestTimeoutMs 1.5: use an integer number of milliseconds from 1 to 600000 (default 30000).'],
    [
      { headersTimeoutMs: 5000, requestTimeoutMs: 1000 },
      'headersTimeoutMs',
      'Invalid headersTimeoutMs 5000: it must not be longer than requestTimeoutMs (1000), which includes the headers.',
    ],
  ])('refuses %j, naming the option (E-TIMEOUT-3)', async (options, option, message) => {
    const error = await start(options).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(EmulatorConfigError);
    expect(error).toMatchObject({ option, message });
  });
});
