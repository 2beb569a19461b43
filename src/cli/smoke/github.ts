/**
 * GitHub Actions integration (GITHUB_ACTIONS=true), with the runner's own conventions
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands):
 * `::add-mask::` for every secret before anything could print it, `::error title=…::` for the
 * failed step, a Markdown job summary appended to $GITHUB_STEP_SUMMARY, and chosen values written
 * to $GITHUB_OUTPUT in the multi-line-safe `name<<delimiter` form (masked first).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { UsageError } from '../../core/errors.ts';
import { classifyToken } from '../../core/jwt-decode.ts';
import type { TokenSet } from '../../core/token-endpoint.ts';
import { valueAt } from './assertions.ts';

export function onGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** Workflow-command data escaping (the runner's toCommandValue / escapeData). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values escape `:` and `,` too (escapeProperty). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::add-mask::` per line of the value: the runner masks line by line. */
export function maskCommands(value: string): string[] {
  return value
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => `::add-mask::${escapeData(line)}`);
}

export function errorCommand(title: string, message: string): string {
  return `::error title=${escapeProperty(title)}::${escapeData(message)}`;
}

export function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  const path = env.GITHUB_STEP_SUMMARY;
  if (path) appendFileSync(path, `${markdown}\n`);
}

/** `--github-output name=<path>`: the output `name` gets the value at `path` (`--github-output sub` is `sub=sub`). */
export interface GitHubOutput {
  name: string;
  path: string;
}

/** The paths a value can come from besides the ID token's claims (which any other path names). */
const TOKEN_FIELDS = ['access_token', 'id_token', 'refresh_token', 'token_type', 'expires_in', 'scope'] as const;

export function parseGitHubOutputs(specs: readonly string[], env: NodeJS.ProcessEnv): GitHubOutput[] {
  const outputs = specs.map((spec) => {
    const eq = spec.indexOf('=');
    const name = (eq === -1 ? spec : spec.slice(0, eq)).trim();
    const path = (eq === -1 ? spec : spec.slice(eq + 1)).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) || path === '') {
      throw new UsageError(`--github-output ${JSON.stringify(spec)} is not name=<path>.`, {
        code: 'invalid_github_output',
        hint: `Write it as --github-output token=access_token or --github-output sub; a path is ${TOKEN_FIELDS.join(', ')}, access_token.<claim>, or an ID token claim.`,
      });
    }
    return { name, path };
  });
  if (outputs.length > 0 && !env.GITHUB_OUTPUT) {
    throw new UsageError('--github-output writes to $GITHUB_OUTPUT, which is not set: it is for a GitHub Actions step.', {
      code: 'missing_github_output',
      hint: 'Outside GitHub Actions, use --output env or --json.',
    });
  }
  return outputs;
}

/** The value of an output path, as text; undefined when the login did not yield it. */
export function outputValue(path: string, tokens: TokenSet, idClaims: Record<string, unknown> | undefined): string | undefined {
  let value: unknown;
  if ((TOKEN_FIELDS as readonly string[]).includes(path)) value = tokens[path as (typeof TOKEN_FIELDS)[number]];
  else if (path.startsWith('access_token.')) {
    const access = classifyToken(tokens.access_token);
    value = access.format === 'jwt' ? valueAt(access.claims, path.slice('access_token.'.length)) : undefined;
  } else value = idClaims === undefined ? undefined : valueAt(idClaims, path);
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `name<<delimiter` blocks, the delimiter random and checked against the value, as the runner's docs require. */
export function githubOutputText(entries: ReadonlyArray<readonly [string, string]>): string {
  return entries
    .map(([name, value]) => {
      let delimiter: string;
      do delimiter = `ghadelimiter_${randomBytes(12).toString('hex')}`;
      while (value.includes(delimiter));
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}

export function appendGitHubOutput(env: NodeJS.ProcessEnv, text: string): void {
  appendFileSync(env.GITHUB_OUTPUT as string, text);
}
