import { defineConfig } from 'vitest/config';

const BROWSER_SKIPS = './test/helpers/browser-skip-reporter.ts';

// Three projects: fast in-process unit tests, browser tests in Debian's Chromium, and e2e tests that spawn the built binary
// (the e2e project builds dist/ first, in its globalSetup). Both run in `npm test` and in CI.
// The root globalSetup gives the run one temporary root, removed at the end (test/helpers/temp-root.ts).
export default defineConfig({
  test: {
    globalSetup: ['test/helpers/temp-root.ts'],
    // vitest's default in run mode is one worker fewer than the cores: a single worker on a 2-core
    // machine, so one file at a time. Most e2e and browser time is spent waiting on the processes a
    // test spawns (the binary, emulators, Chromium), so three files at a time keep both cores busy
    // (a fresh-clone CI run: 388 s with one, 263 s with three). No test may rebuild dist/ for that.
    maxWorkers: 3,
    // Under CI, also write a JSON summary that .ci/run turns into one "N passed, N failed" line.
    // The browser-skip reporter ends the run with a line naming the browser tests skipped for want of Chromium.
    reporters: process.env.CI ? ['default', 'json', BROWSER_SKIPS] : ['default', BROWSER_SKIPS],
    outputFile: { json: '.vitest/results.json' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // Real Chromium (test/helpers/chromium.ts): one browser per file, so a file is slower than a unit test.
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000, globalSetup: ['test/e2e/build.ts'] },
      },
    ],
  },
});
