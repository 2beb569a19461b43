/**
 * `--output env` / `--output dotenv`: the token set as assignments for the next step of a pipeline
 * (`eval "$(pwless smoke … --output env)"`, or a .env file). The user asked for the tokens, so they
 * are printed in full; on GitHub Actions they are masked first like every token.
 */
import type { TokenSet } from '../../core/token-endpoint.ts';
import type { OutputFormat } from './plan.ts';

export function envAssignments(tokens: TokenSet, sub: string | undefined, format: OutputFormat): string[] {
  const values: [string, string | number | undefined][] = [
    ['ACCESS_TOKEN', tokens.access_token],
    ['ID_TOKEN', tokens.id_token],
    ['REFRESH_TOKEN', tokens.refresh_token],
    ['TOKEN_TYPE', tokens.token_type],
    ['EXPIRES_IN', tokens.expires_in],
    ['SCOPE', tokens.scope],
    ['SUB', sub],
  ];
  return values
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => (format === 'env' ? `export ${name}=${shellQuote(String(value))}` : `${name}=${dotenvQuote(String(value))}`));
}

/** POSIX sh single quotes: nothing inside is special except the quote itself. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** dotenv: bare when safe, else double-quoted with \\ and " escaped (the dotenv and docker --env-file readers agree on bare values). */
function dotenvQuote(value: string): string {
  return /^[\w.~:/+=@-]*$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
