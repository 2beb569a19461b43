import { defineConfig } from 'vitest/config';

// Two projects: fast in-process unit tests, and e2e tests that spawn the built binary
// (the e2e project builds dist/ first, in its globalSetup). Both run in `npm test` and in CI.
// The root globalSetup gives the run one temporary root, removed at the end (test/helpers/temp-root.ts).
export default defineConfig({
  test: {
    globalSetup: ['test/helpers/temp-root.ts'],
    // Under CI, also write a JSON summary that .ci/run turns into one "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest/results.json' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000, globalSetup: ['test/e2e/build.ts'] },
      },
    ],
  },
});
