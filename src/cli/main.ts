/**
 * The entry point, and the edge of the process: the only file that reads `process` for I/O (its
 * streams, environment, argv and signals) and hands it to the commands through their context
 * (ProcessEdge), and the only place that catches errors and sets process.exitCode. Every run ends
 * in one outcome, rendered once (JSON or human) and mapped to its family's exit code (docs/design.md).
 * The context (config store, colours, recorders) is imported when a command runs, the renderer
 * when there is something to render, and the command tree holds only the command the line names
 * (program.ts): `--help` needs none of them (bench/startup.js).
 */
import { ERR_INTERRUPTED } from '../core/error-codes.ts';
import { PwlessError } from '../core/errors.ts';
import { killLiveCommands } from '../otp/live-commands.ts';
import type { RunOutcome } from '../render/output.ts';
import { terminalLine } from '../render/terminal-text.ts';
import type { Context, ProcessEdge } from './context.ts';
import { toPwlessError } from './errors.ts';
import { EXIT, exitCodeFor, SIGNAL_EXIT } from './exit-codes.ts';
import { createProgram } from './program.ts';
import type { Execute } from './task.ts';

// `pwless … | head` closes our stdout early: that is the reader being done, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// However pwless ends (process.exit above, an uncaught error, the signals below), a `cmd:` code
// command still running is killed with all it started: its process group is its own, so nothing
// else would end it (src/otp/command-run.ts).
process.on('exit', killLiveCommands);

// SIGTERM and SIGHUP (the terminal closed) end the process, as their default action would, but
// through process.exit so that the 'exit' handler above runs; the exit code is the shell's 128 + signal.
// A command that runs until stopped (the emulator) asks for SIGTERM to stop it gracefully instead.
let stopOnTerminate: (() => void) | undefined;
for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (signal === 'SIGTERM' && stopOnTerminate) {
      const stop = stopOnTerminate;
      stopOnTerminate = undefined;
      stop();
      return;
    }
    process.exit(SIGNAL_EXIT[signal]);
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

const edge: ProcessEdge = {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  interrupt: interrupt.signal,
  // Only a command that runs until stopped asks for this: elsewhere SIGTERM ends the process (above).
  onTerminate: (stop) => {
    stopOnTerminate = stop;
  },
  nodeVersion: process.versions.node,
};

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

/** --curl: the requests of the run as curl commands, on stderr once it is over, however it ended (through the context's writer, as every line). */
function printCurl(): void {
  for (const line of ctx?.curl?.lines() ?? []) ctx?.printErr(line);
}

let outcome: RunOutcome | undefined;

const execute: Execute = async (options, task) => {
  const { createContext } = await import('./context.ts');
  ctx = await createContext(options, edge);
  outcome = { kind: 'returned', view: await task(ctx) };
};

try {
  const program = await createProgram(
    execute,
    (s) => process.stdout.write(commanderText(s)),
    (s) => process.stderr.write(commanderText(s)),
    process.env,
    process.argv.slice(2),
  );
  await program.parseAsync(process.argv);
} catch (error) {
  outcome = thrownOutcome(error);
}

if (outcome !== undefined) {
  const [{ renderOutcome }, { createContext }] = await Promise.all([import('../render/output.ts'), import('./context.ts')]);
  // A failure before the context was made (a bad global flag, commander's own refusal) still gets one document with --json.
  const renderCtx = ctx ?? (await createContext({ json: process.argv.includes('--json') }, edge));
  try {
    renderOutcome(outcome, renderCtx);
  } catch (error) {
    // A view that cannot be shown is a bug, reported as one (exit 1): with --json still one document, never a stack trace.
    outcome = { kind: 'crashed', error };
    renderOutcome(outcome, renderCtx);
  }
}
process.exitCode = exitCodeOf(outcome);

writeTraceFile();
printCurl();

/**
 * Commander's own text (its usage errors, help, version, completion scripts) on its way out: an
 * unknown command or option is echoed in it, so each line has its control characters shown
 * escaped, as every line pwless writes (src/render/terminal-text.ts); the lines stay lines.
 */
function commanderText(text: string): string {
  return text.split('\n').map(terminalLine).join('\n');
}

/** What was thrown, as an outcome; undefined for commander's --help and --version, which end the run well. */
function thrownOutcome(error: unknown): RunOutcome | undefined {
  const code = (error as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version' || (code === 'commander.help' && (error as { exitCode?: number }).exitCode === 0)) {
    return undefined;
  }
  const known = toPwlessError(error);
  if (!(known instanceof PwlessError)) return { kind: 'crashed', error };
  // Commander has already printed its own usage message.
  return code?.startsWith('commander.') ? { kind: 'refused', error: known } : { kind: 'failed', error: known };
}

function exitCodeOf(ended: RunOutcome | undefined): number {
  switch (ended?.kind) {
    case undefined:
      return EXIT.ok;
    case 'returned':
      return ended.view.kind === 'output' && ended.view.failure ? exitCodeFor(ended.view.failure.family) : EXIT.ok;
    case 'failed':
    case 'refused':
      return exitCodeFor(ended.error.family);
    case 'crashed':
      return EXIT.internal;
  }
}
