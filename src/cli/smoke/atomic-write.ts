/**
 * Reports are written whole or not at all: to a temporary file beside the target, then renamed
 * over it (rename is atomic within a directory, POSIX rename(2)), so a CI server never reads half
 * a JUnit file from a run that was interrupted.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CodeOf } from '../../core/error-codes.ts';
import { UsageError } from '../../core/errors.ts';

/** The flags that name a report file, and the code of a file that cannot be written (docs/errors.md). */
export const REPORT_FILE_CODES = {
  '--junit': 'invalid_junit_file',
  '--export k6': 'invalid_export_file',
} as const satisfies Record<string, CodeOf<'usage'>>;

export type ReportFlag = keyof typeof REPORT_FILE_CODES;

export function writeFileAtomic(path: string, text: string, flag: ReportFlag): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o644 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`${flag} ${path}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, {
      code: REPORT_FILE_CODES[flag],
      hint: 'Give a path in a directory you can write to.',
      cause: error,
    });
  }
}
