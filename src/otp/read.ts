/**
 * Reading a code (or a magic link) from the source the user named. Every wait is bounded by --otp-timeout and
 * by Ctrl-C; a source that never yields a code fails with `otp_timeout` (exit 4), one whose text
 * holds no code with `no_code` (exit 2). A delivered message (mail catcher, Mailosaur, SMS gateway)
 * is searched text part first, then its HTML part as text, then what the service itself found.
 * Each source's code is imported only when that source is chosen: a run reads from one.
 */
import { NetworkError, UsageError } from '../core/errors.ts';
import { findLink } from '../core/magic-link.ts';
import { learnFromUrl } from '../core/secrets.ts';
import type { OutboxMessageJson } from './emulator.ts';
import { isOneTimeCode } from './code-shape.ts';
import { extractCode } from './extract.ts';
import type { DeliveredMessage } from './message-poll.ts';
import type { ReadContext } from './read-context.ts';
import type { OtpSource } from './source.ts';
import { readLine } from '../core/stdin.ts';

export interface CodeFound {
  code: string;
  /** Where it was found, for the progress line (never the code itself). */
  from: string;
}

/** What a source should yield: a code, or (for magic links) the link. */
interface Wanted {
  what: 'code' | 'link';
  /** The `error.code` when the source holds none. */
  missing: 'no_code' | 'no_link';
  fromText(text: string): string | undefined;
  fromMessage(message: OutboxMessageJson): string | undefined;
  /** What the service found itself (Mailosaur's codes, the gateway receiver's), when the texts hold none. */
  fromService(message: DeliveredMessage): string | undefined;
}

export async function readCode(source: OtpSource, rc: ReadContext): Promise<CodeFound> {
  const found = await readFrom(source, rc, {
    what: 'code',
    missing: 'no_code',
    fromText: (text) => extractCode(text, rc.regex),
    fromMessage: (m) => (isOneTimeCode(m.code) ? m.code : undefined),
    fromService: (m) => (m.code !== undefined && isOneTimeCode(m.code) ? m.code : undefined),
  });
  // A secret from here on, whatever prints it: masked by every writer (src/core/secrets.ts).
  rc.http.secrets?.add(found.code);
  return found;
}

/** The magic link of a message: in the emulator's outbox, or in the text a source yields. */
export async function readLink(source: OtpSource, rc: ReadContext): Promise<{ link: URL; from: string }> {
  const found = await readFrom(source, rc, {
    what: 'link',
    missing: 'no_link',
    fromText: (text) => findLink(text)?.href,
    fromMessage: (m) => m.link ?? undefined,
    fromService: (m) => (m.link === undefined ? undefined : findLink(m.link)?.href),
  });
  learnFromUrl(found.code, rc.http.secrets);
  return { link: new URL(found.code), from: found.from };
}

async function readFrom(source: OtpSource, rc: ReadContext, wanted: Wanted): Promise<CodeFound> {
  switch (source.kind) {
    case 'emulator': {
      const { codeFromEmulator } = await import('./emulator.ts');
      const message = await codeFromEmulator(rc.base, rc.identity, rc.sinceMs, rc.timeoutMs, rc.http);
      return {
        code: mustFind(wanted.fromMessage(message), `message ${message.id} of the emulator's outbox`, wanted),
        from: `the emulator's outbox (message ${message.id})`,
      };
    }
    case 'env': {
      const value = rc.env[source.name];
      if (value === undefined) throw new UsageError(`--otp-from env:${source.name}: the variable is not set.`, { code: 'otp_variable_unset' });
      return { code: mustFind(wanted.fromText(value), `$${source.name}`, wanted), from: `$${source.name}` };
    }
    case 'stdin': {
      const line = await readLine(rc.stdin, rc.timeoutMs, rc.signal);
      if (line === undefined) throw timeout('standard input', rc.timeoutMs, wanted);
      if (line === null)
        throw new UsageError(`Standard input ended without a line: no ${wanted.what} to read.`, {
          code: wanted.missing,
          hint: 'Pipe the message or the code in: `echo 123456 | pwless verify --otp-from stdin`.',
        });
      return { code: mustFind(wanted.fromText(line), 'the line read from standard input', wanted), from: 'standard input' };
    }
    case 'file': {
      const { fromFile } = await import('./file.ts');
      const found = await fromFile(source.path, rc, wanted.fromText);
      if (found === undefined) throw timeout(source.path, rc.timeoutMs, wanted, 'Write the message to that file, or raise --otp-timeout.');
      return { code: found, from: source.path };
    }
    case 'mailpit':
      return fromDelivered(await (await import('./mailpit.ts')).messageFromMailpit(source.base, rc), 'Mailpit', wanted);
    case 'maildev':
      return fromDelivered(await (await import('./maildev.ts')).messageFromMaildev(source.base, rc), 'MailDev', wanted);
    case 'mailosaur':
      return fromDelivered(await (await import('./mailosaur.ts')).messageFromMailosaur(source.serverId, rc), 'Mailosaur', wanted);
    case 'sms-gateway':
      return fromDelivered(await (await import('./sms-gateway.ts')).messageFromSmsGateway(source.base, rc), 'the SMS gateway', wanted);
    case 'cmd': {
      const { fromCommand } = await import('./cmd.ts');
      const { found, lastRun } = await fromCommand(source.command, rc, wanted.fromText);
      if (found === undefined) {
        throw timeout(
          `the command (last run: ${lastRun})`,
          rc.timeoutMs,
          wanted,
          'Run the command by hand with PWLESS_OTP_TO set, and check that it prints the message.',
        );
      }
      return { code: found, from: 'the command' };
    }
  }
}

function fromDelivered(message: DeliveredMessage, service: string, wanted: Wanted): CodeFound {
  let found: string | undefined;
  for (const text of message.texts) {
    found = wanted.fromText(text);
    if (found !== undefined) break;
  }
  const where = `message ${message.id} in ${service}`;
  return { code: mustFind(found ?? wanted.fromService(message), where, wanted), from: `${service} (message ${message.id})` };
}

function mustFind(found: string | undefined, where: string, wanted: Wanted): string {
  if (found === undefined) {
    throw new UsageError(`No ${wanted.what} found in ${where}.`, {
      code: wanted.missing,
      hint:
        wanted.what === 'code'
          ? 'It should hold the code, or a message with it after "code"/"OTP"; --otp-regex "<pattern>" picks it out otherwise.'
          : 'It should hold the message with the link (…/passwordless/verify_redirect?…).',
    });
  }
  return found;
}

function timeout(where: string, timeoutMs: number, wanted: Wanted, hint?: string): NetworkError {
  return new NetworkError(`No ${wanted.what} came from ${where} within ${timeoutMs / 1000} s.`, {
    code: 'otp_timeout',
    hint: hint ?? 'Raise --otp-timeout <seconds>.',
  });
}
