/**
 * Reports are written whole or not at all: to a temporary file beside the target, then renamed
 * over it (rename is atomic within a directory, POSIX rename(2)), so a CI server never reads half
 * a JUnit file from a run that was interrupted.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../../core/errors.ts';

export function writeFileAtomic(path: string, text: string, flag: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o644 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`${flag} ${path}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, {
      code: 'invalid_option',
      hint: 'Give a path in a directory you can write to.',
      cause: error,
    });
  }
}
