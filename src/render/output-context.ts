/**
 * What the renderer needs from a run: the output mode, the writers for stdout and stderr, each
 * stream's colours, and what --json adds to the document (warnings, --curl commands). The CLI's
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
  /** A result line on stdout. */
  print(line: string): void;
  /** A line on stderr, as is. */
  printErr(line: string): void;
  /** The warnings of this run so far, listed in the --json document. */
  readonly warnings: readonly string[];
  /** --curl: the requests as curl commands, also listed in the --json document. */
  readonly curl: Pick<CurlRecorder, 'commands'> | undefined;
}
