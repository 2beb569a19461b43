/**
 * What every command gets: the output mode, whether a human can be asked, HTTP settings, the
 * writers for stdout (results) and stderr (progress, prompts, warnings), standard input, the
 * environment and the signals that stop it. main.ts makes it from the process (ProcessEdge):
 * commands never touch `process` themselves (docs/design.md; test/unit/architecture/process-edge.test.ts).
 */
import type { ChalkInstance } from 'chalk';
import { configDir } from '../config/paths.ts';
import { ConfigStore } from '../config/store.ts';
import { UsageError } from '../core/errors.ts';
import type { HttpOptions, TraceSink } from '../core/http.ts';
import { networkSettings } from '../core/network-settings.ts';
import { Secrets } from '../core/secrets.ts';
import { colorFor } from '../render/color.ts';
import type { CurlRecorder } from '../render/curl.ts';
import type { HarRecorder } from '../render/har.ts';
import { edgeDocument, edgeLine } from '../render/output-edge.ts';
import { DEFAULT_TIMEOUT_SECONDS } from './flag-values.ts';
import { secondsFlag } from './number-flag.ts';

export interface GlobalOptions {
  json?: boolean;
  color?: boolean;
  input?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  timeout?: string;
  profile?: string;
  configDir?: string;
  caFile?: string;
  insecure?: boolean;
  traceFile?: string;
  tracePii?: boolean;
  curl?: boolean;
}

/** What createContext reads of a command's options: the global flags, and --show-tokens where the command has it. */
export type RunOptions = GlobalOptions & { showTokens?: boolean };

export interface Context {
  json: boolean;
  quiet: boolean;
  /** --show-tokens: views print the tokens in full. */
  showTokens: boolean;
  /** A human can answer a prompt: stdin and stderr are TTYs and --no-input was not given. */
  interactive: boolean;
  /** stderr is a terminal, where a line can be redrawn in place (the progress bar of `smoke --repeat`). */
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  http: HttpOptions;
  /** --trace-file: the HAR recorder, written by main.ts at the end of the run whatever happens. */
  traceFile: HarRecorder | undefined;
  /** --curl: the requests as curl commands, printed by main.ts at the end of the run whatever happens. */
  curl: CurlRecorder | undefined;
  /** The config store (config.json in --config-dir, PWLESS_CONFIG_DIR or the platform's config dir). */
  store: ConfigStore;
  /** --profile, when given. */
  profile: string | undefined;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal | undefined;
  /**
   * For a command that runs until stopped (the emulator): a signal aborted on Ctrl-C or SIGTERM.
   * Only asking for it makes SIGTERM stop the run gracefully; otherwise SIGTERM ends the process.
   */
  stopSignal(): AbortSignal;
  /** Standard input: a code, a message, a JWT or a secret piped in; the keys a prompt reads. */
  stdin: Stdin;
  /** Where prompts draw: stderr, so that stdout stays the result. */
  promptOutput: NodeJS.WritableStream;
  /** PWLESS_DEBUG is set: an internal error also prints its stack. */
  debug: boolean;
  /** The Node.js version, for the bug report of an internal error. */
  nodeVersion: string;
  /** Colours for stdout and for stderr, each decided for its own stream. */
  out: ChalkInstance;
  err: ChalkInstance;
  /**
   * A result line on stdout. Like every writer, it masks the run's secrets and escapes control
   * characters (src/render/output-edge.ts); `revealed` are the values the user asked to see here.
   */
  print(line: string, revealed?: readonly string[]): void;
  /** A line on stderr (error blocks, the emulator's log); `revealed` only for GitHub's ::add-mask::, which must name the value. */
  printErr(line: string, revealed?: readonly string[]): void;
  /**
   * The secret values of the run (client secret, codes, tokens, a catcher's password), registered as
   * they are learned (send() registers what goes over HTTP): every writer masks them.
   */
  secrets: Secrets;
  /** Progress on stderr; silent with --quiet. */
  progress(line: string): void;
  /** A warning on stderr, shown even with --quiet; --json also lists it in the document's `warnings`. */
  warn(line: string): void;
  /** The warnings of this run so far, in order. */
  readonly warnings: string[];
}

type Stdin = NodeJS.ReadableStream & { isTTY?: boolean };

/** What main.ts hands over from the process: the only way a command reaches streams, environment and signals. */
export interface ProcessEdge {
  env: NodeJS.ProcessEnv;
  stdin: Stdin;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Aborted on Ctrl-C. */
  interrupt?: AbortSignal | undefined;
  /** Calls `stop` on SIGTERM; wired only when a command asks for its stop signal. */
  onTerminate?: ((stop: () => void) => void) | undefined;
  nodeVersion: string;
}

/** Async only to load what -v, --trace-file and --curl need when they are given (most runs give none). */
export async function createContext(options: RunOptions, edge: ProcessEdge): Promise<Context> {
  const { env, interrupt: signal } = edge;
  const colorEnv = { env, noColorFlag: options.color === false };
  const out = colorFor(edge.stdout, colorEnv);
  const err = colorFor(edge.stderr, colorEnv);
  const json = options.json === true;
  const quiet = options.quiet === true;
  const secrets = new Secrets();
  // The writers: every line passes the one pass of src/render/output-edge.ts (secrets masked, controls escaped) before it leaves.
  const writeErr = (line: string, revealed?: readonly string[]) => void edge.stderr.write(`${edgeLine(line, secrets, revealed)}\n`);
  const writeOut = (line: string, revealed?: readonly string[]) =>
    void edge.stdout.write(`${json ? edgeDocument(line, secrets, revealed) : edgeLine(line, secrets, revealed)}\n`);
  const warnings: string[] = [];
  const warn = (line: string) => {
    warnings.push(line);
    writeErr(err.yellow(`warning: ${line}`));
  };
  const timeoutMs = parseTimeout(options.timeout) * 1000;
  const caFile = options.caFile
    ? { path: options.caFile, source: '--ca-file' }
    : env.PWLESS_CA_FILE
      ? { path: env.PWLESS_CA_FILE, source: 'PWLESS_CA_FILE' }
      : undefined;
  const network = networkSettings(env, { caFile, insecure: options.insecure });
  if (network.insecure) warn('--insecure: TLS certificates are not checked; anyone on the network path can read and change this traffic.');
  const traceFile = options.traceFile ? await openTraceFile(options.traceFile, options.tracePii === true, secrets) : undefined;
  const curl = options.curl === true ? (await import('../render/curl.ts')).curlRecorder() : undefined;
  let trace: TraceSink | undefined;
  if (options.verbose === true || traceFile !== undefined || curl !== undefined) {
    const { fanOut, traceTo } = await import('../render/trace.ts');
    trace = fanOut(options.verbose ? traceTo(writeErr, err) : undefined, traceFile, curl);
  }
  return {
    json,
    quiet,
    showTokens: options.showTokens === true,
    interactive: options.input !== false && edge.stdin.isTTY === true && edge.stderr.isTTY === true,
    stderrIsTTY: edge.stderr.isTTY === true,
    env,
    http: {
      timeoutMs,
      trace,
      signal,
      network,
      secrets,
    },
    traceFile,
    curl,
    store: new ConfigStore(configDir(options.configDir, env), { warn }),
    profile: options.profile,
    signal,
    stopSignal: () => stopSignal(edge),
    stdin: edge.stdin,
    promptOutput: edge.stderr,
    debug: Boolean(env.PWLESS_DEBUG),
    nodeVersion: edge.nodeVersion,
    out,
    err,
    print: writeOut,
    printErr: writeErr,
    secrets,
    progress: (line) => {
      if (!quiet) writeErr(line);
    },
    warn,
    warnings,
  };
}

function stopSignal(edge: ProcessEdge): AbortSignal {
  const terminated = new AbortController();
  edge.onTerminate?.(() => terminated.abort());
  return edge.interrupt ? AbortSignal.any([edge.interrupt, terminated.signal]) : terminated.signal;
}

async function openTraceFile(path: string, pii: boolean, secrets: Secrets): Promise<HarRecorder> {
  const { harRecorder } = await import('../render/har.ts');
  try {
    return harRecorder(path, { pii, secrets });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`--trace-file ${path}: cannot write it (${code}).`, {
      code: 'invalid_trace_file',
      hint: 'Give --trace-file a path in a directory that exists and that you can write to.',
      cause: error,
    });
  }
}

function parseTimeout(value: string | undefined): number {
  return secondsFlag(value, '--timeout', DEFAULT_TIMEOUT_SECONDS);
}
