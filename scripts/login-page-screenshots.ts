/**
 * Makes the screenshots of the emulator's login page shown in docs/emulator.md "Login page":
 * docs/images/login-identifier.png, login-code.png and login-error.png. Run it by hand after
 * changing the page (`node scripts/login-page-screenshots.ts`, Node 24): it starts the emulator
 * in-process (the `pwless/emulator` library API), drives Debian's Chromium with the browser tests' launcher (test/helpers/chromium.ts:
 * /usr/bin/chromium or PWLESS_TEST_CHROMIUM, its profile directory removed when done).
 * The test suite never runs it.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/library.ts';
import { launchChromium } from '../test/helpers/chromium.ts';

const OUT = fileURLToPath(new URL('../docs/images/', import.meta.url));

const emu = await startEmulator({ host: '127.0.0.1', seed: 'screenshots' });
try {
  const browser = await launchChromium({ viewport: { width: 640, height: 560 } });
  try {
    const page = await browser.context.newPage();
    const query = new URLSearchParams({
      client_id: 'emulator-spa',
      redirect_uri: 'http://127.0.0.1:5173/callback',
      response_type: 'code',
      state: 'screenshot',
    });
    await page.goto(`${emu.url}/authorize?${query}`);
    await page.getByLabel('Email address').fill('jane@example.com');
    await page.screenshot({ path: join(OUT, 'login-identifier.png') });
    await page.keyboard.press('Enter');
    await page.getByLabel('Code').waitFor();
    await page.screenshot({ path: join(OUT, 'login-code.png') });
    const { code } = await emu.outbox.waitFor('jane@example.com');
    await page.getByLabel('Code').fill(code === '000000' ? '111111' : '000000');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    await page.screenshot({ path: join(OUT, 'login-error.png') });
  } finally {
    await browser.close();
  }
} finally {
  await emu.close();
}
