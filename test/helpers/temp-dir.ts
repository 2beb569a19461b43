/**
 * Temporary directories for tests. `tempDir()` makes a fresh directory below the test run's
 * temporary root (test/helpers/temp-root.ts, a vitest globalSetup), which is removed when the run
 * ends, so a test never has to clean up after it — and never leaves anything in the system temp
 * directory. Use it instead of mkdtemp(os.tmpdir()):
 *
 *   import { tempDir } from './temp-dir.ts';   // test/unit/… or test/e2e/…
 *   const dir = tempDir('pwless-store-');
 *
 * Outside vitest (no root set) it falls back to os.tmpdir(), and then the caller must remove it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMP_ROOT_VARIABLE } from './temp-root.ts';

/** The test run's temporary root (removed at the end of the run). */
export function tempRoot(): string {
  return process.env[TEMP_ROOT_VARIABLE] ?? tmpdir();
}

/** A new, empty directory below the test run's temporary root. */
export function tempDir(prefix = 'pwless-test-'): string {
  return mkdtempSync(join(tempRoot(), prefix));
}
