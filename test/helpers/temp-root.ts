/**
 * vitest globalSetup of both projects: one temporary root per test run, removed when the run ends.
 *
 * It sets TMPDIR to that root for the workers and every process they spawn, so whatever calls
 * os.tmpdir() — a test's mkdtemp, the CLI's HOME in test/e2e/cli.ts, Node's compile cache of
 * bin/pwless.js — writes below it, and the teardown removes it all: a run leaves the system temp
 * directory as it found it. Tests make their directories with `tempDir()` (test/helpers/temp-dir.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEMP_ROOT_VARIABLE = 'PWLESS_TEST_TEMP_ROOT';

export default function setup(): () => void {
  const saved = { TMPDIR: process.env.TMPDIR, root: process.env[TEMP_ROOT_VARIABLE] };
  const root = mkdtempSync(join(tmpdir(), 'pwless-test-run-'));
  process.env[TEMP_ROOT_VARIABLE] = root;
  process.env.TMPDIR = root;
  return () => {
    restore('TMPDIR', saved.TMPDIR);
    restore(TEMP_ROOT_VARIABLE, saved.root);
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
