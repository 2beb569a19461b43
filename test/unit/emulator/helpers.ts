/** Shared helpers of the emulator tests: a real emulator on 127.0.0.1:0, called with fetch. */
import { expect } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../src/emulator/server.ts';

export const OTP_GRANT = 'http://auth0.com/oauth/grant-type/passwordless/otp';
export const NATIVE = 'emulator-native';
export const WEB = 'emulator-web';
export const WEB_SECRET = 'emulator-web-secret';

/** A clock the test moves by hand. */
export class ManualClock {
  current: number;
  constructor(start = Date.UTC(2030, 0, 1)) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function call(emu: RunningEmulator, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(emu.url + path, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export function postJson(emu: RunningEmulator, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return call(emu, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function postForm(emu: RunningEmulator, path: string, body: Record<string, string> | string, headers: Record<string, string> = {}): Promise<Answer> {
  return call(emu, path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
  });
}

/** Pins an error answer: status, error, exact description, and the serializer's headers. */
export function expectError(answer: Answer, status: number, error: string, description: string): void {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status,
    body: { error, error_description: description },
  });
  expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(answer.headers.get('cache-control')).toBe('no-store');
}

export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

/** Sends a code by /passwordless/start and returns it, read from the outbox. */
export async function sendCode(emu: RunningEmulator, to: { email: string } | { phone_number: string }, extra: Record<string, unknown> = {}): Promise<string> {
  const connection = 'email' in to ? 'email' : 'sms';
  const start = await postJson(emu, '/passwordless/start', { client_id: NATIVE, connection, send: 'code', ...to, ...extra });
  expect(start.status).toBe(200);
  const recipient = 'email' in to ? to.email : to.phone_number;
  const outbox = await call(emu, `/__emulator/outbox?to=${encodeURIComponent(recipient)}`);
  return outbox.body.messages[0].code as string;
}

export function otpParams(username: string, otp: string, extra: Record<string, string> = {}): Record<string, string> {
  return { grant_type: OTP_GRANT, client_id: NATIVE, username, realm: username.includes('@') ? 'email' : 'sms', otp, ...extra };
}

export function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ host: '127.0.0.1', port: 0, ...options });
}
