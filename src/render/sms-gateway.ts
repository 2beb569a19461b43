/**
 * What `pwless sms-gateway` prints: its one stdout line (the URL, or one JSON document with
 * --json), and on stderr a line per message received or refused. The code is masked unless
 * --show-codes: the terminal of a CI job is a log, and a log must not hold a live code.
 */
import type { ChalkInstance } from 'chalk';
import { maskSecret } from './redact.ts';

export interface SmsShown {
  id: string;
  to: string;
  sender: string | null;
  body: string;
  code: string | null;
  link: string | null;
  created_at: string;
}

export function smsGatewayStartDocument(url: string, authenticated: boolean): string {
  return JSON.stringify({ ok: true, url, messages_url: `${url}/messages`, authentication: authenticated ? 'jwt' : 'none' });
}

export function smsGatewayBannerLines(c: ChalkInstance, url: string, authenticated: boolean): string[] {
  return [
    c.bold(`pwless sms-gateway: receiving Auth0 custom SMS gateway messages at ${url}/`),
    authenticated ? '  requests need a bearer HS256 JWT signed with the gateway secret' : c.yellow('  no --jwt-secret-file: any request is taken'),
    `  read them back: pwless verify --otp-from sms-gateway:${url}  (or GET ${url}/messages?to=<number>)`,
    '  Ctrl-C stops it.',
  ];
}

export function smsReceivedLine(c: ChalkInstance, m: SmsShown, showCodes: boolean): string {
  const what = m.code !== null ? `code ${showCodes ? m.code : maskSecret(m.code)}` : m.link !== null ? 'a link' : 'no code';
  const text = showCodes ? `: ${JSON.stringify(m.body)}` : '';
  return `${m.created_at} ${c.green('SMS')} to ${m.to}${m.sender ? ` from ${m.sender}` : ''} (${m.id}): ${what}${text}`;
}

export function smsRefusedLine(c: ChalkInstance, r: { status: number; reason: string; from: string; path: string }, at = new Date()): string {
  return `${at.toISOString()} ${c.red(`refused ${r.status}`)} POST ${r.path} from ${r.from}: ${r.reason}`;
}
