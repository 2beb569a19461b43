// The sample customised login page, docs/login-page.example.html, in Chromium (docs/emulator.md
// "Customised login page", E-BROWSER-5, E-LOGIN-5): the tenant file names it, GET /authorize
// serves it on the emulator's own HTTPS origin with @@config@@ filled, and auth0.js on it logs in
// as on a tenant's domain: passwordlessStart, then passwordlessLogin through POST
// /passwordless/verify and GET /passwordless/verify_redirect, back at the application.
// The page loads auth0.js from Auth0's CDN; the test answers that URL with the published bundle in
// node_modules, so nothing leaves the machine.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../src/emulator/default-tenant.ts';
import { startEmulator, type TestEmulator } from '../../src/emulator/library.ts';
import { selfSignedCertificate } from '../helpers/certificates.ts';
import { type Chromium, chromiumMissing, launchChromium } from '../helpers/chromium.ts';

const missing = chromiumMissing();
const SAMPLE = fileURLToPath(new URL('../../docs/login-page.example.html', import.meta.url));
const AUTH0_JS = fileURLToPath(new URL('../../node_modules/auth0-js/dist/auth0.min.js', import.meta.url));

describe.skipIf(missing !== undefined)(
  `the sample customised login page with auth0.js in Chromium (E-BROWSER-5, E-LOGIN-5)${missing === undefined ? '' : ` — skipped: ${missing}`}`,
  () => {
    const tls = selfSignedCertificate();
    let browser: Chromium;
    let emu: TestEmulator;
    const app = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>callback</p>'));
    let appOrigin = '';

    beforeAll(async () => {
      tls.create();
      await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
      appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
      emu = await startEmulator({ host: '127.0.0.1', tlsCert: tls.cert, tlsKey: tls.key, tenant: { ...defaultTenant(), login_page: { html: SAMPLE } } });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await emu?.close();
      app.closeAllConnections();
      await new Promise<void>((resolve) => app.close(() => resolve()));
      tls.remove();
    });

    it("logs in with passwordlessStart and passwordlessLogin on the emulator's origin, through /passwordless/verify (E-BROWSER-5)", async () => {
      const page = await browser.context.newPage();
      try {
        await page.route('https://cdn.auth0.com/js/auth0/**', (route) =>
          route.fulfill({ contentType: 'text/javascript', body: readFileSync(AUTH0_JS, 'utf8') }),
        );
        const verifies: number[] = [];
        page.on('response', (response) => {
          if (new URL(response.url()).pathname === '/passwordless/verify') verifies.push(response.status());
        });
        const email = 'custom-page@example.com';
        const query = new URLSearchParams({
          client_id: 'emulator-spa',
          redirect_uri: `${appOrigin}/callback`,
          response_type: 'token id_token',
          scope: 'openid email',
          state: 'app-state',
          nonce: 'app-nonce',
        });
        await page.goto(`${emu.url}/authorize?${query}`);
        await page.getByLabel('Email').fill(email);
        await page.getByRole('button', { name: 'Send me a code' }).click();
        const { code } = await emu.outbox.waitFor(email, { timeoutMs: 10_000 });
        await page.getByLabel('Code').fill(code);
        await page.getByRole('button', { name: 'Log in' }).click();
        await page.waitForURL(`${appOrigin}/callback#**`, { timeout: 15_000 });
        expect(verifies).toEqual([200]);
        const fragment = new URLSearchParams(new URL(page.url()).hash.slice(1));
        expect(fragment.get('state')).toBe('app-state');
        expect(decodeJwt(fragment.get('id_token')!)).toMatchObject({ email, nonce: 'app-nonce', aud: 'emulator-spa', iss: emu.issuer });
      } finally {
        await page.close();
      }
    });
  },
);
