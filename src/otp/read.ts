/**
 * Reading a code from the source the user named. Every wait is bounded by --otp-timeout and
 * by Ctrl-C; a source that never yields a code fails with `otp_timeout` (exit 4), one whose text
 * holds no code with `no_code` (exit 2).
 */
import { NetworkError, UsageError } from '../core/errors.ts';
import type { HttpOptions } from '../core/http.ts';
import { codeFromCommand } from './cmd.ts';
import { codeFromEmulator } from './emulator.ts';
import { extractCode } from './extract.ts';
import { codeFromFile } from './file.ts';
import type { OtpSource } from './source.ts';
import { readLine } from './stdin.ts';

export interface ReadContext {
  base: URL;
  /** Who the code was sent to (email or phone). */
  identity: string;
  /** When the code was requested (epoch ms): older messages or files are not it. */
  sinceMs: number;
  timeoutMs: number;
  regex: RegExp | undefined;
  http: HttpOptions;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  signal: AbortSignal | undefined;
}

export interface CodeFound {
  code: string;
  /** Where it was found, for the progress line (never the code itself). */
  from: string;
}

export async function readCode(source: OtpSource, rc: ReadContext): Promise<CodeFound> {
  switch (source.kind) {
    case 'emulator': {
      const message = await codeFromEmulator(rc.base, rc.identity, rc.sinceMs, rc.timeoutMs, rc.http);
      return { code: message.code, from: `the emulator's outbox (message ${message.id})` };
    }
    case 'env': {
      const value = rc.env[source.name];
      if (value === undefined) throw new UsageError(`--otp-from env:${source.name}: the variable is not set.`, { code: 'missing_input' });
      return { code: mustFind(value, `$${source.name}`, rc.regex), from: `$${source.name}` };
    }
    case 'stdin': {
      const line = await readLine(rc.stdin, rc.timeoutMs, rc.signal);
      if (line === undefined) throw timeout('standard input', rc.timeoutMs);
      return { code: mustFind(line, 'the line read from standard input', rc.regex), from: 'standard input' };
    }
    case 'file': {
      const code = await codeFromFile(source.path, rc);
      if (code === undefined) throw timeout(source.path, rc.timeoutMs, 'Write the message or code to that file, or raise --otp-timeout.');
      return { code, from: source.path };
    }
    case 'cmd': {
      const code = await codeFromCommand(source.command, rc);
      if (code === undefined) throw timeout('the command', rc.timeoutMs, 'Run the command by hand with PWLESS_OTP_TO set, and check that it prints the message or the code.');
      return { code, from: 'the command' };
    }
  }
}

function mustFind(text: string, where: string, regex: RegExp | undefined): string {
  const code = extractCode(text, regex);
  if (code === undefined) {
    throw new UsageError(`No code found in ${where}.`, {
      code: 'no_code',
      hint: 'It should hold the code, or a message with it after "code"/"OTP"; --otp-regex "<pattern>" picks it out otherwise.',
    });
  }
  return code;
}

function timeout(where: string, timeoutMs: number, hint?: string): NetworkError {
  return new NetworkError(`No code came from ${where} within ${timeoutMs / 1000} s.`, { code: 'otp_timeout', hint: hint ?? 'Raise --otp-timeout <seconds>.' });
}
