/**
 * What the renderer needs from a run: the output mode, the writers for stdout and stderr, each
 * stream's colours, what --json adds to the document (warnings, --curl commands), and what a bug
 * report names (the Node.js version; the stack with PWLESS_DEBUG). The CLI's
 * Context has all of it; render/ depends on this interface, never on cli/.
 */
import type { ChalkInstance } from 'chalk';
import type { CurlRecorder } from './curl.ts';

export interface OutputContext {
  /** --json: stdout holds exactly one JSON document. */
  readonly json: boolean;
  /** Colours for stdout and for stderr, each decided for its own stream. */
  readonly out: ChalkInstance;
  readonly err: ChalkInstance;
  /** A result line on stdout; `revealed`: the values in it the user asked to see (--show-tokens, --raw, a document's `tokens`), not masked. */
  print(line: string, revealed?: readonly string[]): void;
  /** A line on stderr, where every known secret is masked. */
  printErr(line: string): void;
  /** The warnings of this run so far, listed in the --json document. */
  readonly warnings: readonly string[];
  /** --curl: the requests as curl commands, also listed in the --json document. */
  readonly curl: Pick<CurlRecorder, 'commands'> | undefined;
  /** PWLESS_DEBUG is set: an internal error also prints its stack. */
  readonly debug: boolean;
  /** The Node.js version running pwless, for the bug report of an internal error. */
  readonly nodeVersion: string;
}
