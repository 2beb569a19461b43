/**
 * What every code source needs to read a code: where the emulator is, who the code went to and
 * since when, how long to wait, and the streams and environment it may read. Its own module so
 * that the sources (file.ts, cmd.ts) and the dispatch in read.ts all depend on it, not on each other.
 */
import type { HttpOptions } from '../core/http.ts';

export interface ReadContext {
  base: URL;
  /** Who the code was sent to (email or phone). */
  identity: string;
  /** When the code was requested (epoch ms): older messages or files are not it. */
  sinceMs: number;
  timeoutMs: number;
  regex: RegExp | undefined;
  http: HttpOptions;
  env: NodeJS.ProcessEnv;
  /** The variables of `env` a `cmd:` command also gets (--otp-env), besides a shell's basics (command-env.ts). */
  passEnv: readonly string[];
  stdin: NodeJS.ReadableStream;
  signal: AbortSignal | undefined;
}
