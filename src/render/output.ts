/**
 * The one renderer of results and errors. With --json, stdout holds exactly one document, on
 * success and on failure (design.md §3); otherwise results go to stdout and errors to stderr.
 */
import { PwlessError, TenantResponseError } from '../core/errors.ts';
import type { Context } from '../cli/context.ts';
import type { CommandResult } from '../cli/result.ts';
import { VERSION } from '../core/version.ts';
import { loginJson, loginLines } from './login.ts';
import { demoLines } from './demo.ts';

export interface RenderOptions {
  showTokens: boolean;
}

export function renderResult(result: CommandResult, ctx: Context, options: RenderOptions, failure?: PwlessError): void {
  // The emulator printed its one JSON document when it started; stopping adds nothing.
  if (result.kind === 'emulator') return;
  if (ctx.json) {
    const body = jsonOf(result);
    ctx.print(JSON.stringify(failure ? { ok: false, error: errorJson(failure), ...body } : { ok: true, ...body }, null, 2));
    return;
  }
  for (const line of humanLinesOf(result, ctx, options)) ctx.print(line);
}

function jsonOf(result: CommandResult): Record<string, unknown> {
  switch (result.kind) {
    case 'login':
      return loginJson(result);
    case 'demo':
      return { emulator: result.emulatorUrl, ...loginJson(result.login) };
    case 'emulator':
      return {};
    case 'view':
      return result.json;
  }
}

function humanLinesOf(result: CommandResult, ctx: Context, options: RenderOptions): string[] {
  switch (result.kind) {
    case 'login':
      return loginLines(result, ctx.out, options);
    case 'demo':
      return demoLines(result, ctx.out, options);
    case 'emulator':
      return [];
    case 'view':
      return result.lines(ctx.out);
  }
}

export function errorJson(error: PwlessError): Record<string, unknown> {
  return { code: error.code, status: error.status ?? null, description: error.message, hint: error.hint ?? null };
}

/** Renders a failure: JSON on stdout, or a readable block on stderr. */
export function renderError(error: PwlessError, ctx: Context, alreadyRendered = false): void {
  if (ctx.json) {
    if (!alreadyRendered) ctx.print(JSON.stringify({ ok: false, error: errorJson(error) }, null, 2));
    return;
  }
  const c = ctx.err;
  const lines = [c.red(`error: ${error.message}`)];
  if (error instanceof TenantResponseError) {
    lines.push(`  ${c.dim('tenant answered:')} HTTP ${error.status} ${error.body.error}${error.body.error_uri ? ` (${error.body.error_uri})` : ''}`);
    for (const [name, value] of Object.entries(error.headers)) lines.push(`  ${c.dim(`${name}:`)} ${value}${rateHeaderNote(name, value)}`);
  }
  if (error.hint) lines.push(`  ${c.cyan('hint:')} ${error.hint}`);
  for (const line of lines) ctx.printErr(line);
}

/** An unexpected error: a bug. Says so, and how to report it, without dumping secrets. */
export function renderInternalError(error: unknown, ctx: Context | undefined, write: (line: string) => void): void {
  const message = error instanceof Error ? error.message : String(error);
  if (ctx?.json) {
    ctx.print(JSON.stringify({ ok: false, error: { code: 'internal_error', status: null, description: message, hint: 'This is a bug in pwless.' } }, null, 2));
    return;
  }
  write(`error: ${message}`);
  write(`  This is a bug in pwless ${VERSION} (Node.js ${process.versions.node}). Please report it with the command you ran and the output of -v (secrets are redacted there).`);
  if (error instanceof Error && error.stack && process.env.PWLESS_DEBUG) write(error.stack);
}

function rateHeaderNote(name: string, value: string): string {
  if (name !== 'x-ratelimit-reset' || !/^\d+$/.test(value)) return '';
  return ` (${new Date(Number(value) * 1000).toISOString()})`;
}
