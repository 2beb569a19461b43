/**
 * Foreign errors met by the CLI layer, translated once into pwless errors: commander's usage
 * errors, inquirer's cancellation, and the abort of a Ctrl-C.
 */
import { InterruptedError, PwlessError, UsageError } from '../core/errors.ts';

export function toPwlessError(error: unknown): PwlessError | undefined {
  if (error instanceof PwlessError) return error;
  const err = error as { name?: string; code?: string; message?: string };
  // @inquirer/prompts: Ctrl-C in a TTY rejects with ExitPromptError (SBoudrias/Inquirer.js packages/core/src/lib/create-prompt.ts).
  if (err?.name === 'ExitPromptError' || err?.name === 'AbortPromptError' || err?.name === 'AbortError') {
    return new InterruptedError('Interrupted.', { code: 'interrupted', cause: error });
  }
  if (typeof err?.code === 'string' && err.code.startsWith('commander.')) {
    // Commander writes "error: …" for its own output; the description is the sentence alone.
    return new UsageError((err.message ?? 'Invalid command line.').replace(/^error: /, ''), { code: 'invalid_usage', cause: error });
  }
  return undefined;
}
