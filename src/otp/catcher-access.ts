/**
 * The credentials of a mail catcher or SMS gateway behind a password (Mailpit's --ui-auth-file,
 * MailDev's --web-user/--web-pass, a tunnel in front of `pwless sms-gateway`): the user in the URL,
 * the password from the environment. A password in the URL (`mailpit:http://user:pass@host`) still
 * works, but it is on the command line, which every user of the machine can read in the process
 * list (`ps`, /proc/<pid>/cmdline), so the caller warns about it. Free of HTTP, like
 * mailosaur-access.ts: checked before a code is sent, and read again by the source when it polls.
 *
 * The password of source <kind> comes from the first of:
 * 1. the URL's own (warned about);
 * 2. PWLESS_<KIND>_PASSWORD, e.g. PWLESS_MAILPIT_PASSWORD;
 * 3. PWLESS_<KIND>_PASSWORD_FILE, a file that holds it (a trailing line break is dropped): the
 *    `_FILE` convention of Docker secrets (https://docs.docker.com/engine/swarm/secrets/), where
 *    a CI system mounts a secret as a file. Giving both 2 and 3 is refused: which one is meant?
 */
import { readFileSync } from 'node:fs';
import { ConfigError, UsageError } from '../core/errors.ts';

export type CatcherKind = 'mailpit' | 'maildev' | 'sms-gateway';

export interface CatcherAccess {
  /** The URL without user or password. */
  base: URL;
  /** A Basic Authorization header (RFC 7617) when there is a user or a password, else none. */
  headers: Record<string, string>;
  /** The password, for the run's secrets to mask. */
  password: string | undefined;
  /** The password came in the URL, visible in the process list. */
  passwordInUrl: boolean;
}

/** PWLESS_MAILPIT_PASSWORD, PWLESS_MAILDEV_PASSWORD, PWLESS_SMS_GATEWAY_PASSWORD. */
export function passwordVariable(kind: CatcherKind): string {
  return `PWLESS_${kind.replace('-', '_').toUpperCase()}_PASSWORD`;
}

export function catcherAccess(kind: CatcherKind, configured: URL, env: NodeJS.ProcessEnv): CatcherAccess {
  const base = new URL(configured.href);
  base.username = '';
  base.password = '';
  const user = decodeURIComponent(configured.username);
  const inUrl = configured.password === '' ? undefined : decodeURIComponent(configured.password);
  const password = inUrl ?? passwordFromEnv(kind, env);
  if (password !== undefined && user === '') {
    throw new UsageError(`--otp-from ${kind}: ${passwordVariable(kind)} is set, but the URL names no user.`, {
      code: 'invalid_otp_source',
      hint: `Give the user in the URL, without the password: ${kind}:http://user@host:port.`,
    });
  }
  if (user === '' && password === undefined) return { base, headers: {}, password: undefined, passwordInUrl: false };
  const pair = `${user}:${password ?? ''}`;
  return { base, headers: { authorization: `Basic ${Buffer.from(pair).toString('base64')}` }, password, passwordInUrl: inUrl !== undefined };
}

/** The warning for a password in the URL: where to put it instead. */
export function passwordInUrlWarning(kind: CatcherKind): string {
  const variable = passwordVariable(kind);
  return `--otp-from ${kind}: the password is in the URL, which anyone on this machine can read in the process list (ps); give the user alone in the URL and the password in ${variable} or in a file named by ${variable}_FILE.`;
}

function passwordFromEnv(kind: CatcherKind, env: NodeJS.ProcessEnv): string | undefined {
  const variable = passwordVariable(kind);
  const value = env[variable];
  const file = env[`${variable}_FILE`];
  const given = value !== undefined && value !== '';
  const fromFile = file !== undefined && file !== '';
  if (given && fromFile) {
    throw new UsageError(`Both ${variable} and ${variable}_FILE are set.`, {
      code: 'conflicting_options',
      hint: `Unset one of them: ${variable} holds the password, ${variable}_FILE names a file that holds it.`,
    });
  }
  if (given) return value;
  if (!fromFile) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${variable}_FILE ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}.`, {
      code: 'otp_source_password_unreadable',
      hint: `Point ${variable}_FILE at a file that holds the password, or give the password in ${variable}.`,
      cause: error,
    });
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '') {
    throw new ConfigError(`${variable}_FILE ${file} is empty.`, {
      code: 'otp_source_password_unreadable',
      hint: `Write the password into ${file}, or give it in ${variable}.`,
    });
  }
  return password;
}
