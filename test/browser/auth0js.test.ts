// auth0.js in a real browser against the emulator (docs/emulator.md "Browsers", E-BROWSER-1, E-BROWSER-2):
// Debian's Chromium loads a page from its own loopback origin that uses auth0-js's published bundle
// for passwordlessStart + passwordlessLogin + parseHash; the code comes from the emulator's outbox.
// Over HTTP and over HTTPS; and a page on an origin the tenant does not allow is blocked.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../src/emulator/default-tenant.ts';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.ts';
import type { Tenant } from '../../src/emulator/tenant.ts';
import { selfSignedCertificate } from '../helpers/certificates.ts';
import { type Chromium, chromiumMissing, launchChromium } from '../helpers/chromium.ts';
import { outboxMessages } from '../helpers/emulator-outbox.ts';
import { startTestPage, type TestPage } from '../helpers/test-page-server.ts';

const missing = chromiumMissing();
const SPA = 'emulator-spa';

interface Outcome {
  ok?: Record<string, any>;
  error?: Record<string, any>;
}

async function latestCode(emu: RunningEmulator, email: string, ca?: string): Promise<string> {
  const messages = await outboxMessages(emu.url, email, ca);
  expect(messages).toHaveLength(1);
  return messages[0]!.code;
}

/** The whole login in the page: send, read the code, log in, land on /callback, parseHash. */
async function logIn(page: Page, test: TestPage, emu: RunningEmulator, email: string, ca?: string): Promise<Outcome> {
  await page.goto(`${test.origin}/`);
  const started = (await page.evaluate((to) => (globalThis as any).startLogin(to), email)) as Outcome;
  expect(started.error).toBeUndefined();
  const code = await latestCode(emu, email, ca);
  await page.evaluate(([to, otp]) => (globalThis as any).finishLogin(to, otp), [email, code] as const);
  await page.waitForURL(`${test.origin}/callback#**`, { timeout: 15_000 });
  await page.waitForFunction(() => (globalThis as any).parsed !== undefined, undefined, { timeout: 15_000 });
  return (await page.evaluate(() => (globalThis as any).parsed)) as Outcome;
}

function expectLoggedIn(outcome: Outcome, emu: RunningEmulator, email: string): void {
  expect(outcome.error).toBeUndefined();
  expect(outcome.ok).toMatchObject({ tokenType: 'Bearer', idTokenPayload: { email, iss: emu.issuer, aud: SPA } });
  expect(outcome.ok!.accessToken).toMatch(/^ey/);
  expect(outcome.ok!.state).toMatch(/.+/);
}

describe.skipIf(missing !== undefined)(
  `auth0.js in Chromium against the emulator (E-BROWSER-1, E-BROWSER-2)${missing === undefined ? '' : ` — skipped: ${missing}`}`,
  () => {
    let browser: Chromium;
    const cleanups: (() => Promise<void> | void)[] = [];
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await browser?.close();
    });

    async function open(): Promise<Page> {
      const page = await browser.context.newPage();
      cleanups.push(() => page.close());
      return page;
    }

    it('logs in over HTTP: passwordlessStart, passwordlessLogin through /co/authenticate and /authorize, parseHash (E-BROWSER-1)', async () => {
      const emu = await startEmulator({ host: '127.0.0.1', port: 0 });
      cleanups.push(() => emu.close());
      // Over plain http auth0.js would expect the issuer https://<domain>/: the page names the emulator's.
      const test = await startTestPage({
        domain: emu.url,
        clientID: SPA,
        responseType: 'token id_token',
        scope: 'openid email',
        overrides: { __token_issuer: emu.issuer, __jwks_uri: `${emu.url}/.well-known/jwks.json` },
      });
      cleanups.push(() => test.close());
      const email = 'browser-http@example.com';
      expectLoggedIn(await logIn(await open(), test, emu, email), emu, email);
      // It went the cross-origin way: /co/authenticate set its verifier cookie for /authorize.
      const cookies = await browser.context.cookies(`${emu.url}/authorize`);
      expect(cookies.map((cookie) => cookie.name)).toContain('pwless_co');
    });

    it('logs in over HTTPS, with the issuer auth0.js expects by default (E-BROWSER-1)', async () => {
      const tls = selfSignedCertificate();
      tls.create();
      cleanups.push(() => tls.remove());
      const tenant: Tenant = defaultTenant();
      tenant.clients.find((client) => client.client_id === SPA)!.callbacks.push('https://127.0.0.1/*');
      const emu = await startEmulator({ host: '127.0.0.1', port: 0, tenant, tlsCert: tls.cert, tlsKey: tls.key });
      cleanups.push(() => emu.close());
      expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const test = await startTestPage({ domain: emu.url.slice('https://'.length), clientID: SPA, responseType: 'token id_token', scope: 'openid email' }, tls);
      cleanups.push(() => test.close());
      const email = 'browser-https@example.com';
      expectLoggedIn(await logIn(await open(), test, emu, email, tls.cert), emu, email);
    });

    it('blocks a page whose origin the tenant does not allow: no code is sent, the keys cannot be read (E-BROWSER-2)', async () => {
      const tenant: Tenant = defaultTenant();
      for (const client of tenant.clients) client.callbacks = ['https://app.example.com/callback'];
      const emu = await startEmulator({ host: '127.0.0.1', port: 0, tenant });
      cleanups.push(() => emu.close());
      const test = await startTestPage({ domain: emu.url, clientID: SPA, responseType: 'token id_token', scope: 'openid email' });
      cleanups.push(() => test.close());
      const page = await open();
      await page.goto(`${test.origin}/`);
      const started = (await page.evaluate(() => (globalThis as any).startLogin('refused@example.com'))) as Outcome;
      expect(started.ok).toBeUndefined();
      expect(started.error).toBeDefined();
      expect(await outboxMessages(emu.url, 'refused@example.com')).toEqual([]);
      const keys = await page.evaluate(
        (url) =>
          fetch(url).then(
            () => 'read',
            (err: Error) => err.name,
          ),
        `${emu.url}/.well-known/jwks.json`,
      );
      expect(keys).toBe('TypeError');
    });
  },
);
