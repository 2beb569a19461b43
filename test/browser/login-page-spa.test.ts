// The Universal Login page with an SDK that logs in with a redirect and PKCE (docs/emulator.md
// "Browsers", "Login page", E-BROWSER-4): @auth0/auth0-spa-js's published bundle on its own
// loopback origin, `loginWithRedirect` → the emulator's login page → email and code typed with
// the keyboard (the code read with `outbox.waitFor` of an in-process `startEmulator`, the library
// API) → back on the app, `handleRedirectCallback` (authorization_code + PKCE) and `getUser`.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../../src/emulator/library.ts';
import { type Chromium, chromiumMissing, launchChromium } from '../helpers/chromium.ts';
import { type SpaTestPage, startSpaTestPage } from '../helpers/spa-test-page.ts';

const missing = chromiumMissing();

describe.skipIf(missing !== undefined)(
  `auth0-spa-js through the emulator's login page in Chromium (E-BROWSER-4, E-LOGIN-2, E-LOGIN-3)${missing === undefined ? '' : ` — skipped: ${missing}`}`,
  () => {
    let browser: Chromium;
    let emu: TestEmulator;
    let app: SpaTestPage;
    let page: Page;
    beforeAll(async () => {
      emu = await startEmulator({ host: '127.0.0.1', seed: 'login-page-spa' });
      app = await startSpaTestPage({ domain: emu.url, clientId: 'emulator-spa', authorizationParams: { scope: 'openid profile email' } });
      browser = await launchChromium();
      page = await browser.context.newPage();
    });
    afterAll(async () => {
      await page?.close();
      await browser?.close();
      await app?.close();
      await emu?.close();
    });

    async function focusedId(): Promise<string> {
      return page.evaluate(() => (globalThis as any).document.activeElement?.id ?? '');
    }

    it('logs in with loginWithRedirect, the login page and an emailed code; a wrong code first shows the attempts left (E-BROWSER-4)', async () => {
      const email = 'spa-user@example.com';
      await page.goto(`${app.origin}/`);
      await page.evaluate(() => (globalThis as any).login());
      await page.waitForURL(`${emu.url}/authorize?**`);
      const authorize = new URL(page.url());
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('response_type')).toBe('code');

      // The identity form: the input has the focus, Enter submits.
      await page.getByLabel('Email address').waitFor();
      expect(await focusedId()).toBe('identifier');
      const since = emu.clock.now().epochMs - 1;
      await page.keyboard.type(email);
      await page.keyboard.press('Enter');
      await page.getByLabel('Code').waitFor();
      expect(await focusedId()).toBe('code');
      const message = await emu.outbox.waitFor(email, { since, timeoutMs: 10_000 });

      // A wrong code: the error is announced, the tries left counted, the code input focused again.
      await page.keyboard.type(message.code === '000000' ? '111111' : '000000');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong email or verification code. 2 attempts left.');
      expect(await focusedId()).toBe('code');
      expect(await page.getByLabel('Code').getAttribute('aria-describedby')).toBe('error');

      await page.keyboard.type(message.code);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${app.origin}/callback?**`);
      await page.waitForFunction(() => (globalThis as any).outcome !== undefined, undefined, { timeout: 15_000 });
      const outcome = await page.evaluate(() => (globalThis as any).outcome);
      expect(outcome.error).toBeUndefined();
      expect(outcome.user).toMatchObject({ email });
      expect(outcome.user.sub).toMatch(/^email\|/);
    });
  },
);
