/**
 * The one renderer of a run's outcome: the view a command returned (with or without a failure),
 * or what it threw. With --json, stdout holds exactly one document, on success and on failure
 * (docs/design.md); otherwise results go to stdout and errors to stderr.
 */
import { ERR_INTERNAL_ERROR } from '../core/error-codes.ts';
import { AssertionFailedError, CodeRejectedError, LocalRefusalError, type PwlessError, RateLimitedError, TenantResponseError } from '../core/errors.ts';
import { epochSecondsIso, rateLimitOf } from '../core/rate-limit.ts';
import { VERSION } from '../core/version.ts';
import type { OutputContext } from './output-context.ts';
import { tokenValues, type View } from './view.ts';

/** How a run ended, as main.ts saw it. */
export type RunOutcome =
  /** The command returned its view (which may carry a failure). */
  | { kind: 'returned'; view: View }
  /** The command, or the context made for it, threw a pwless error. */
  | { kind: 'failed'; error: PwlessError }
  /** Commander refused the command line and printed why on stderr itself; --json still owes its document. */
  | { kind: 'refused'; error: PwlessError }
  /** Anything else was thrown: a bug. */
  | { kind: 'crashed'; error: unknown };

/**
 * Renders the outcome of a run, once. --json: exactly one document on stdout, `{ok, ...body,
 * error?}` (plus `warnings` and `curl` when there are any). Human: the lines on stdout, then the
 * error block on stderr.
 */
export function renderOutcome(outcome: RunOutcome, ctx: OutputContext): void {
  switch (outcome.kind) {
    case 'returned':
      if (outcome.view.kind === 'output') render(outcome.view.json, outcome.view.lines, outcome.view.failure, ctx, outcome.view.revealed);
      break;
    case 'failed':
      render({}, () => [], outcome.error, ctx);
      break;
    case 'refused':
      if (ctx.json) printDocument({}, outcome.error, ctx);
      break;
    case 'crashed':
      renderInternalError(outcome.error, ctx);
      break;
  }
}

function render(
  body: Record<string, unknown>,
  lines: (c: OutputContext['out']) => string[],
  failure: PwlessError | undefined,
  ctx: OutputContext,
  revealed?: readonly string[],
): void {
  if (ctx.json) {
    printDocument(body, failure, ctx);
    return;
  }
  for (const line of lines(ctx.out)) ctx.print(line, revealed);
  if (failure) for (const line of errorLines(failure, ctx.err)) ctx.printErr(line);
}

function printDocument(body: Record<string, unknown>, failure: PwlessError | undefined, ctx: OutputContext): void {
  const members = { ...body, ...warningsJson(ctx), ...curlJson(ctx) };
  ctx.print(JSON.stringify(failure ? { ok: false, error: errorJson(failure), ...members } : { ok: true, ...members }, null, 2), documentTokens(body));
}

/**
 * The tokens a --json document holds in full (docs/security.md: it is a result for a script): the
 * access, ID and refresh tokens of its `tokens`. The writer masks every other place of the document where a
 * known secret stands, an error description that echoes one included.
 */
function documentTokens(body: Record<string, unknown>): string[] {
  const tokens = body.tokens;
  return tokens !== null && typeof tokens === 'object' ? tokenValues(tokens) : [];
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
  if (error instanceof AssertionFailedError) json.assertions = error.failed;
  if (error instanceof TenantResponseError) {
    const rateLimit = rateLimitOf(error.headers);
    if (rateLimit !== undefined) json.rate_limit = rateLimit;
    if (error.body.mfa_requirements !== undefined) json.mfa_requirements = error.body.mfa_requirements;
  }
  return json;
}

/** A failure as a readable block for stderr: the message, the tenant's answer, the tries left, the hint. */
function errorLines(error: PwlessError, c: OutputContext['err']): string[] {
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
  return lines;
}

/** An unexpected error: a bug. Says so, and how to report it, without dumping secrets. */
function renderInternalError(error: unknown, ctx: OutputContext): void {
  const message = error instanceof Error ? error.message : String(error);
  if (ctx.json) {
    ctx.print(
      JSON.stringify({ ok: false, error: { code: ERR_INTERNAL_ERROR, status: null, description: message, hint: 'This is a bug in pwless.' } }, null, 2),
    );
    return;
  }
  ctx.printErr(`error: ${message}`);
  ctx.printErr(
    `  This is a bug in pwless ${VERSION} (Node.js ${ctx.nodeVersion}). Please report it with the command you ran and the output of -v (secrets are redacted there).`,
  );
  // Line by line: a line break inside a line is shown escaped (render/terminal-text.ts).
  if (error instanceof Error && error.stack && ctx.debug) for (const line of error.stack.split('\n')) ctx.printErr(line);
}

function rateHeaderNote(name: string, value: string): string {
  const iso = name === 'x-ratelimit-reset' ? epochSecondsIso(value) : undefined;
  return iso === undefined ? '' : ` (${iso})`;
}
