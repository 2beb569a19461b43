/**
 * The places a code can come from (`--otp-from <source>`), parsed and checked before anything is
 * sent: stdin, env:VAR, file:PATH, cmd:'<shell command>', emulator.
 */
import { UsageError } from '../core/errors.ts';

export type OtpSource =
  | { kind: 'stdin' }
  | { kind: 'env'; name: string }
  | { kind: 'file'; path: string }
  | { kind: 'cmd'; command: string }
  | { kind: 'emulator' };

export const OTP_SOURCES_HELP = "stdin, env:VAR, file:PATH, cmd:'<shell command>', emulator";

export function parseOtpSource(spec: string): OtpSource {
  if (spec === 'stdin' || spec === '-') return { kind: 'stdin' };
  if (spec === 'emulator') return { kind: 'emulator' };
  const [prefix, ...rest] = spec.split(':');
  const value = rest.join(':');
  if (prefix === 'env' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return { kind: 'env', name: value };
  if (prefix === 'file' && value !== '') return { kind: 'file', path: value };
  if (prefix === 'cmd' && value.trim() !== '') return { kind: 'cmd', command: value };
  throw new UsageError(`--otp-from ${JSON.stringify(spec)} is not a code source.`, {
    code: 'invalid_otp_source',
    hint: `Use one of: ${OTP_SOURCES_HELP}.`,
  });
}
