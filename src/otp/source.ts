/**
 * The places a code can come from (`--otp-from <source>`), parsed and checked before anything is
 * sent: stdin, env:VAR, file:PATH, cmd:'<shell command>', emulator, and the real-delivery sources
 * (mailpit:URL, maildev:URL, mailosaur:SERVER-ID, sms-gateway:URL; README "Against a real tenant in CI").
 */
import { UsageError } from '../core/errors.ts';

export type OtpSource =
  | { kind: 'stdin' }
  | { kind: 'env'; name: string }
  | { kind: 'file'; path: string }
  | { kind: 'cmd'; command: string }
  | { kind: 'emulator' }
  | { kind: 'mailpit'; base: URL }
  | { kind: 'maildev'; base: URL }
  | { kind: 'mailosaur'; serverId: string }
  | { kind: 'sms-gateway'; base: URL };

export const OTP_SOURCES_HELP = "stdin, env:VAR, file:PATH, cmd:'<shell command>', emulator, mailpit:URL, maildev:URL, mailosaur:SERVER-ID, sms-gateway:URL";

/** Mailosaur server ids are short letters-and-digits (8 in Mailosaur's dashboard); the bound keeps a URL out. */
const MAILOSAUR_SERVER_ID = /^[A-Za-z0-9]{1,32}$/;

export function parseOtpSource(spec: string): OtpSource {
  if (spec === 'stdin' || spec === '-') return { kind: 'stdin' };
  if (spec === 'emulator') return { kind: 'emulator' };
  const [prefix, ...rest] = spec.split(':');
  const value = rest.join(':');
  if (prefix === 'env' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return { kind: 'env', name: value };
  if (prefix === 'file' && value !== '') return { kind: 'file', path: value };
  if (prefix === 'cmd' && value.trim() !== '') return { kind: 'cmd', command: value };
  if (prefix === 'mailpit' || prefix === 'maildev' || prefix === 'sms-gateway') return { kind: prefix, base: serviceUrl(prefix, value) };
  if (prefix === 'mailosaur') {
    if (MAILOSAUR_SERVER_ID.test(value)) return { kind: 'mailosaur', serverId: value };
    throw new UsageError(`--otp-from mailosaur:${JSON.stringify(value)}: that is not a Mailosaur server id.`, {
      code: 'invalid_otp_source',
      hint: "Give the server id (letters and digits, e.g. mailosaur:abcd1234) from Mailosaur's dashboard; the API key goes in MAILOSAUR_API_KEY.",
    });
  }
  throw new UsageError(`--otp-from ${JSON.stringify(withoutPassword(spec))} is not a code source.`, {
    code: 'invalid_otp_source',
    hint: `Use one of: ${OTP_SOURCES_HELP}.`,
  });
}

/** The base URL of a mail catcher or SMS gateway: http or https only, with no query or fragment to get lost. */
function serviceUrl(prefix: string, value: string): URL {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new UsageError(`--otp-from ${prefix}:${JSON.stringify(withoutPassword(value))}: the address must be an http:// or https:// URL.`, {
      code: 'invalid_otp_source',
      hint: `e.g. --otp-from ${prefix}:http://127.0.0.1:${prefix === 'mailpit' ? 8025 : prefix === 'maildev' ? 1080 : 4011}`,
    });
  }
  return url;
}

/**
 * The text with the password of a URL's userinfo (`user:password@`) shown as `****`. A refused
 * address is refused before its password is registered as one of the run's secrets, so the
 * message that names it must leave the password out itself (docs/security.md). The password runs
 * to the last `@` before the path, as the URL parser reads it.
 */
function withoutPassword(text: string): string {
  return text.replace(/([^:/@\s]*):[^/\s]*@/g, '$1:****@');
}
