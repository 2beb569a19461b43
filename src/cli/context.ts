/**
 * What every command gets: the output mode, whether a human can be asked, HTTP settings, and the
 * writers for stdout (results) and stderr (progress, prompts, warnings). Commands never touch
 * process.stdout or process.exit themselves (design.md §2).
 */
import type { ChalkInstance } from 'chalk';
import { configDir } from '../config/paths.ts';
import { ConfigStore } from '../config/store.ts';
import type { HttpOptions } from '../core/http.ts';
import { colorFor } from '../render/color.ts';
import { traceTo } from '../render/trace.ts';
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
}

export interface Context {
  json: boolean;
  quiet: boolean;
  /** A human can answer a prompt: stdin and stderr are TTYs and --no-input was not given. */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
  http: HttpOptions;
  /** The config store (config.json in --config-dir, PWLESS_CONFIG_DIR or the platform's config dir). */
  store: ConfigStore;
  /** --profile, when given. */
  profile: string | undefined;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal | undefined;
  /** Colours for stdout and for stderr, each decided for its own stream. */
  out: ChalkInstance;
  err: ChalkInstance;
  /** A result line on stdout. */
  print(line: string): void;
  /** A line on stderr, as is (error blocks, the emulator's log). */
  printErr(line: string): void;
  /** Progress on stderr; silent with --quiet. */
  progress(line: string): void;
  /** A warning on stderr, shown even with --quiet; --json also lists it in the document's `warnings`. */
  warn(line: string): void;
  /** The warnings of this run so far, in order. */
  readonly warnings: string[];
}

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: { isTTY?: boolean };
}

export const DEFAULT_TIMEOUT_SECONDS = 30;

export function createContext(options: GlobalOptions, env: NodeJS.ProcessEnv, streams: Streams, signal?: AbortSignal): Context {
  const colorEnv = { env, noColorFlag: options.color === false };
  const out = colorFor(streams.stdout, colorEnv);
  const err = colorFor(streams.stderr, colorEnv);
  const json = options.json === true;
  const quiet = options.quiet === true;
  const writeErr = (line: string) => void streams.stderr.write(`${line}\n`);
  const warnings: string[] = [];
  return {
    json,
    quiet,
    interactive: options.input !== false && streams.stdin.isTTY === true && streams.stderr.isTTY === true,
    env,
    http: {
      timeoutMs: parseTimeout(options.timeout) * 1000,
      trace: options.verbose ? traceTo(writeErr, err) : undefined,
      signal,
    },
    store: new ConfigStore(configDir(options.configDir, env)),
    profile: options.profile,
    signal,
    out,
    err,
    print: (line) => void streams.stdout.write(`${line}\n`),
    printErr: writeErr,
    progress: (line) => {
      if (!quiet) writeErr(line);
    },
    warn: (line) => {
      warnings.push(line);
      writeErr(err.yellow(`warning: ${line}`));
    },
    warnings,
  };
}

function parseTimeout(value: string | undefined): number {
  return secondsFlag(value, '--timeout', DEFAULT_TIMEOUT_SECONDS);
}
