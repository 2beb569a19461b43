/**
 * The JWT a `decode` or `verify` works on: the argument, standard input for `-` (as jwt-cli does:
 * `curl … | jq -r .id_token | pwless token decode -`), or, with no argument, the saved ID token.
 * Standard input's reader and the config store load only for those two: `token decode <jwt>`
 * needs neither (bench/startup.js).
 */
import { ConfigError, UsageError } from '../../core/errors.ts';
import type { SettingFlags } from '../../config/resolve.ts';
import { describeSet } from '../../render/token-set.ts';
import type { Context } from '../context.ts';
import type { SavedSelection } from './saved-set.ts';

export interface JwtInput {
  token: string;
  /** Where it came from, for the view: `argument`, `stdin`, or `saved`. */
  source: 'argument' | 'stdin' | 'saved';
  /** The saved set, when the token came from it. */
  saved?: SavedSelection | undefined;
  /** Which token of the saved set (the ID token unless asked otherwise). */
  which?: 'id_token' | 'access_token' | undefined;
}

type Stdin = Context['stdin'];

export async function readJwtInput(
  arg: string | undefined,
  flags: SettingFlags,
  ctx: Context,
  which: 'id_token' | 'access_token' = 'id_token',
): Promise<JwtInput> {
  if (arg === '-') return { token: await readStdin(ctx.stdin, ctx.http.timeoutMs, ctx.signal), source: 'stdin' };
  if (arg !== undefined) return { token: arg.trim(), source: 'argument' };
  const saved = await (await import('./saved-set.ts')).requireSavedSet(flags, ctx);
  if (which === 'access_token') return { token: saved.set.tokens.access_token, source: 'saved', saved, which };
  if (saved.set.tokens.id_token === undefined) {
    throw new ConfigError('The saved tokens have no ID token (openid was not in the scope).', {
      code: 'no_id_token',
      hint: 'Give a JWT as the argument (or - for standard input), or log in again with `pwless start --scope "openid profile email"`.',
    });
  }
  return { token: saved.set.tokens.id_token, source: 'saved', saved };
}

async function readStdin(stdin: Stdin, timeoutMs: number, signal: AbortSignal | undefined): Promise<string> {
  if (stdin.isTTY) {
    throw new UsageError('`-` reads the JWT from standard input, which is a terminal here.', {
      code: 'stdin_is_terminal',
      hint: 'Pipe it in (e.g. `pwless token --raw id_token | pwless token decode -`), or give it as the argument.',
    });
  }
  const { readAll } = await import('../../core/stdin.ts');
  const token = (await readAll(stdin, timeoutMs, signal, 'The JWT on standard input')).trim();
  if (token === '') throw new UsageError('Standard input was empty: there is no JWT to read.', { code: 'no_jwt' });
  return token;
}

/** What the token is, for the view and as the subject of a decoding error ("The JWT read from standard input has 2 parts"). */
export function inputName(input: JwtInput): string {
  if (input.source === 'saved' && input.saved !== undefined)
    return `saved ${input.which === 'access_token' ? 'access' : 'ID'} token of ${describeSet(input.saved.set)}`;
  return input.source === 'stdin' ? 'JWT read from standard input' : 'JWT given as the argument';
}
