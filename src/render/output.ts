/**
 * The one renderer of results and errors. With --json, stdout holds exactly one document, on
 * success and on failure (design.md §3); otherwise results go to stdout and errors to stderr.
 */
import { ERR_INTERNAL_ERROR } from '../core/error-codes.ts';
import { CodeRejectedError, LocalRefusalError, type PwlessError, RateLimitedError, TenantResponseError } from '../core/errors.ts';
import { epochSecondsIso, rateLimitOf } from '../core/rate-limit.ts';
import { VERSION } from '../core/version.ts';
import { loginJson, loginLines } from './login.ts';
import { demoLines } from './demo.ts';
import type { OutputContext } from './output-context.ts';
import type { CommandResult } from './results.ts';

export interface RenderOptions {
  showTokens: boolean;
}

export function renderResult(result: CommandResult, ctx: OutputContext, options: RenderOptions, failure?: PwlessError): void {
  // The emulator printed its one JSON document when it started; stopping adds nothing.
  if (result.kind === 'emulator') return;
  if (ctx.json) {
    const body = { ...jsonOf(result), ...warningsJson(ctx), ...curlJson(ctx) };
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

function humanLinesOf(result: CommandResult, ctx: OutputContext, options: RenderOptions): string[] {
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

function warningsJson(ctx: OutputContext): { warnings?: string[] } {
  return ctx.warnings.length > 0 ? { warnings: [...ctx.warnings] } : {};
}

/** --curl with --json: the commands also in the document (what to set is on stderr). */
function curlJson(ctx: OutputContext): { curl?: string[] } {
  return ctx.curl ? { curl: ctx.curl.commands() } : {};
}

/**
 * The `error` member of a failed run's document: always code, status, description and hint; and,
 * where they apply, why a code was refused (`reason`, `attempts_left`), the rate limit to back off
 * from (`rate_limit`), and the factors an MFA-enabled tenant asks for (`mfa_requirements`).
 */
export function errorJson(error: PwlessError): Record<string, unknown> {
  const json: Record<string, unknown> = { code: error.code, status: error.status ?? null, description: error.message, hint: error.hint ?? null };
  if ((error instanceof CodeRejectedError || error instanceof LocalRefusalError) && error.reason !== undefined) json.reason = error.reason;
  if (error instanceof CodeRejectedError && error.attemptsLeft !== undefined) json.attempts_left = error.attemptsLeft;
  if (error instanceof TenantResponseError) {
    const rateLimit = rateLimitOf(error.headers);
    if (rateLimit !== undefined) json.rate_limit = rateLimit;
    if (error.body.mfa_requirements !== undefined) json.mfa_requirements = error.body.mfa_requirements;
  }
  return json;
}

/** Renders a failure: JSON on stdout, or a readable block on stderr. */
export function renderError(error: PwlessError, ctx: OutputContext, alreadyRendered = false): void {
  if (ctx.json) {
    if (!alreadyRendered) ctx.print(JSON.stringify({ ok: false, error: errorJson(error), ...warningsJson(ctx), ...curlJson(ctx) }, null, 2));
    return;
  }
  const c = ctx.err;
  const lines = [c.red(`error: ${error.message}`)];
  if (error instanceof TenantResponseError) {
    lines.push(`  ${c.dim('tenant answered:')} HTTP ${error.status} ${error.body.error}${error.body.error_uri ? ` (${error.body.error_uri})` : ''}`);
    // Rate-limit headers explain a 429; on other refusals they are noise (www-authenticate is not).
    for (const [name, value] of Object.entries(error.headers)) {
      if (error instanceof RateLimitedError || !/^(x-ratelimit-|retry-after)/.test(name))
        lines.push(`  ${c.dim(`${name}:`)} ${value}${rateHeaderNote(name, value)}`);
    }
  }
  if (error instanceof CodeRejectedError && error.attemptsLeft !== undefined && error.reason === 'wrong') {
    // The third wrong code voids the code: say so, rather than invite a fourth try.
    lines.push(
      error.attemptsLeft > 0
        ? `  ${c.dim('attempts left:')} ${error.attemptsLeft} for this code`
        : `  ${c.dim('attempts left:')} none: that was the last try, the code is now void (3 wrong codes); send a new one with \`pwless start\``,
    );
  }
  if (error.hint) lines.push(`  ${c.cyan('hint:')} ${error.hint}`);
  for (const line of lines) ctx.printErr(line);
}

/** An unexpected error: a bug. Says so, and how to report it, without dumping secrets. */
export function renderInternalError(error: unknown, ctx: OutputContext | undefined, write: (line: string) => void): void {
  const message = error instanceof Error ? error.message : String(error);
  if (ctx?.json) {
    ctx.print(
      JSON.stringify({ ok: false, error: { code: ERR_INTERNAL_ERROR, status: null, description: message, hint: 'This is a bug in pwless.' } }, null, 2),
    );
    return;
  }
  write(`error: ${message}`);
  write(
    `  This is a bug in pwless ${VERSION} (Node.js ${process.versions.node}). Please report it with the command you ran and the output of -v (secrets are redacted there).`,
  );
  if (error instanceof Error && error.stack && process.env.PWLESS_DEBUG) write(error.stack);
}

function rateHeaderNote(name: string, value: string): string {
  const iso = name === 'x-ratelimit-reset' ? epochSecondsIso(value) : undefined;
  return iso === undefined ? '' : ` (${iso})`;
}
