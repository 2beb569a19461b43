/**
 * The entry point, and the only place that catches errors and sets process.exitCode: every failure
 * is rendered once (JSON or human) and mapped to its family's exit code (design.md §3).
 * The renderer is imported only when there is something to render: it pulls in jose, which
 * `--help` and `--version` do not need (bench/startup.js).
 */
import { ERR_INTERRUPTED } from '../core/error-codes.ts';
import { PwlessError } from '../core/errors.ts';
import { createContext, type Context } from './context.ts';
import { toPwlessError } from './errors.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';
import { createProgram } from './program.ts';
import { failureOf } from './result.ts';
import type { Execute } from './task.ts';

// `pwless … | head` closes our stdout early: that is the reader being done, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const interrupt = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // The first Ctrl-C aborts what is running (a request, a wait, the emulator); a second one leaves at once.
  if (interrupted) {
    // --json still owes its one document, even when leaving this abruptly.
    if (ctx?.json)
      process.stdout.write(`${JSON.stringify({ ok: false, error: { code: ERR_INTERRUPTED, status: null, description: 'Interrupted.', hint: null } })}\n`);
    writeTraceFile();
    printCurl();
    process.exit(EXIT.interrupted);
  }
  interrupted = true;
  interrupt.abort(new PwlessInterrupt());
});

class PwlessInterrupt extends Error {
  override name = 'AbortError';
}

let ctx: Context | undefined;

/** --trace-file is written once the run is over, however it ended (success, failure, Ctrl-C). */
function writeTraceFile(): void {
  try {
    ctx?.traceFile?.write();
  } catch (error) {
    process.stderr.write(
      `warning: --trace-file ${ctx?.traceFile?.path}: could not write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).\n`,
    );
  }
}

/** --curl: the requests of the run as curl commands, on stderr once it is over, however it ended. */
function printCurl(): void {
  for (const line of ctx?.curl?.lines() ?? []) process.stderr.write(`${line}\n`);
}

const execute: Execute = async (globals, task) => {
  ctx = createContext(globals, process.env, process, interrupt.signal);
  const result = await task(ctx);
  const failure = failureOf(result);
  const { renderError, renderResult } = await import('../render/output.ts');
  renderResult(result, ctx, { showTokens: globals.showTokens === true }, failure);
  if (failure) {
    renderError(failure, ctx, true);
    process.exitCode = exitCodeFor(failure.family);
  }
};

const program = createProgram(
  execute,
  (s) => process.stdout.write(s),
  (s) => process.stderr.write(s),
);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || (code === 'commander.help' && (error as { exitCode?: number }).exitCode === 0)) {
    process.exitCode = EXIT.ok;
  } else {
    const known = toPwlessError(error);
    const { renderError, renderInternalError } = await import('../render/output.ts');
    if (known instanceof PwlessError) {
      // Commander has already printed its own usage message; --json still owes one document.
      const context = ctx ?? createContext({ json: process.argv.includes('--json') }, process.env, process);
      if (!code?.startsWith('commander.') || context.json) renderError(known, context);
      process.exitCode = exitCodeFor(known.family);
    } else {
      renderInternalError(error, ctx, (line) => process.stderr.write(`${line}\n`));
      process.exitCode = EXIT.internal;
    }
  }
}

writeTraceFile();
printCurl();
