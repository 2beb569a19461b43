/**
 * Debian's Chromium for the browser tests (docs/emulator.md "Browser tests"), driven by
 * playwright-core: never a downloaded browser. One browser per test file, headless, with a fresh
 * profile directory below the run's temp root, removed by `close()`.
 *
 * Where /usr/bin/chromium is missing (outside CI), {@link chromiumMissing} gives the reason, which
 * the test files put in their skipped describe's title, and test/helpers/browser-skip-reporter.ts
 * repeats in the run's closing summary. `.ci/run` installs it, so CI always runs them.
 */
import { existsSync, rmSync } from 'node:fs';
import { type BrowserContext, chromium } from 'playwright-core';
import { tempDir } from './temp-dir.ts';

/** Debian's package; `PWLESS_TEST_CHROMIUM` names another path (a missing one shows the skip report). */
export const CHROMIUM = process.env.PWLESS_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_INSTALL = 'apt-get install -y chromium';

/** The flags of the issue: headless, no sandbox (CI containers run as root), nothing phoning home. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The HTTPS tests serve a throwaway self-signed certificate (test/helpers/certificates.ts).
  '--ignore-certificate-errors',
];

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found; install it with: ${CHROMIUM_INSTALL}`;
}

export interface Chromium {
  context: BrowserContext;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/** `viewport`: the page size (scripts/login-page-screenshots.ts sets one; the tests keep Playwright's default). */
export async function launchChromium(options: { viewport?: { width: number; height: number } } = {}): Promise<Chromium> {
  const profile = tempDir('pwless-chromium-');
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, ...options });
    return {
      context,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}
