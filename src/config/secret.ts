/**
 * Reading the client secret, which never comes from a flag value (it would land in shell history
 * and CI logs): --client-secret-file <path|-> > PWLESS_CLIENT_SECRET > the profile's reference.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, UsageError } from '../core/errors.ts';
import { readAll } from '../core/stdin.ts';

/** How long a secret piped in may take to arrive. */
const STDIN_TIMEOUT_MS = 30_000;
import type { SecretRef } from './profile.ts';
import type { Settings, Sourced } from './resolve.ts';

export interface SecretValue {
  value: string;
  origin: string;
}

export async function readSecretFile(file: string, stdin: NodeJS.ReadableStream & { isTTY?: boolean }, flag = '--client-secret-file'): Promise<SecretValue> {
  if (file === '-') {
    if (stdin.isTTY) {
      throw new UsageError(`${flag} - reads the secret from standard input, which is a terminal here.`, {
        code: 'stdin_is_terminal',
        hint: 'Pipe the secret in (e.g. `pass show app | pwless …`), or give a file path.',
      });
    }
    return {
      value: nonEmpty((await readAll(stdin, STDIN_TIMEOUT_MS, undefined, 'The client secret on standard input')).trim(), 'standard input', UsageError),
      origin: `${flag} -`,
    };
  }
  try {
    return { value: nonEmpty((await readFile(file, 'utf8')).trim(), file, UsageError), origin: `${flag} ${file}` };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}.`, { code: 'invalid_secret_file', cause: error });
  }
}

export async function resolveClientSecret(
  file: string | undefined,
  settings: Settings,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
): Promise<SecretValue | undefined> {
  if (file !== undefined) return readSecretFile(file, stdin);
  return settings.secret === undefined ? undefined : readRef(settings.secret, env);
}

async function readRef(secret: Sourced<SecretRef | { kind: 'value'; value: string }>, env: NodeJS.ProcessEnv): Promise<SecretValue> {
  const ref = secret.value;
  switch (ref.kind) {
    case 'value':
    case 'stored':
      return { value: ref.value, origin: secret.origin };
    case 'env': {
      const value = env[ref.name];
      if (!value) {
        throw new ConfigError(`The client secret of ${secret.origin} is read from $${ref.name}, which is not set.`, {
          code: 'missing_secret',
          hint: `Set ${ref.name}, or change the profile's secret with \`pwless profile add --force\`.`,
        });
      }
      return { value, origin: `${secret.origin} (env:${ref.name})` };
    }
    case 'file':
      try {
        return { value: nonEmpty((await readFile(ref.path, 'utf8')).trim(), ref.path, ConfigError), origin: `${secret.origin} (file:${ref.path})` };
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new ConfigError(
          `The client secret of ${secret.origin} is read from ${ref.path}, which cannot be read (${(error as NodeJS.ErrnoException).code}).`,
          {
            code: 'missing_secret',
            cause: error,
          },
        );
      }
  }
}

/** An empty file given with a flag is a usage problem; one a profile points at is a missing secret, as an unset variable is. */
function nonEmpty(value: string, where: string, Err: typeof UsageError | typeof ConfigError): string {
  if (value !== '') return value;
  const message = `The client secret read from ${where} is empty.`;
  throw Err === UsageError ? new UsageError(message, { code: 'empty_secret' }) : new ConfigError(message, { code: 'missing_secret' });
}
