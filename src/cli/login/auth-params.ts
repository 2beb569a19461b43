/** `--auth-param key=value`, repeatable: extra keys for `authParams` (docs/auth0-behaviour.md, B-START-5). */
import { UsageError } from '../../core/errors.ts';

export function collectAuthParam(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  const key = eq > 0 ? value.slice(0, eq).trim() : '';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
    throw new UsageError(`--auth-param ${JSON.stringify(value)} is not key=value.`, {
      code: 'invalid_auth_param',
      hint: 'Write it as --auth-param key=value, e.g. --auth-param prompt=login; repeat the flag for more keys.',
    });
  }
  return { ...previous, [key]: value.slice(eq + 1) };
}
