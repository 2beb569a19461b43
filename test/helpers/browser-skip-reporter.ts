/**
 * A vitest reporter that ends the run with one line per browser test skipped for want of
 * Chromium (test/helpers/chromium.ts): which tests, why, and the install command, so that a run
 * outside CI never skips them silently (docs/emulator.md "Browser tests", E-BROWSER-3). It runs
 * after the default reporter, so the line comes after the summary.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { CHROMIUM_INSTALL, chromiumMissing } from './chromium.ts';

/** The lines to print: empty when Chromium is there or no browser test was skipped. */
export function browserSkipLines(skipped: readonly string[], reason: string | undefined): string[] {
  if (reason === undefined || skipped.length === 0) return [];
  return [
    '',
    `Browser tests skipped (${skipped.length}): ${reason}`,
    ...skipped.map((name) => `  - ${name}`),
    `Install Chromium (${CHROMIUM_INSTALL}) to run them; .ci/run does.`,
    '',
  ];
}

export default class BrowserSkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const module of testModules) {
      if (!module.moduleId.includes('/test/browser/')) continue;
      for (const test of module.children.allTests()) if (test.result().state === 'skipped') skipped.push(test.name);
    }
    const lines = browserSkipLines(skipped, chromiumMissing());
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  }
}
