// Lock, Auth0's embedded login widget (npm auth0-lock, bundled by esbuild as an app bundles it), in
// Debian's Chromium against the emulator (docs/emulator.md "Lock", E-BROWSER-6; B-LOCK-1…B-LOCK-4):
// Lock loads the client configuration script GET /client/<client_id>.js, then logs in by email
// code, email magic link and SMS code, driven through its own UI; the code or link is read from
// the emulator's outbox. Over HTTP (configurationBaseUrl and the issuer overrides) and over HTTPS
// (the domain alone, as with a real tenant, and in popup mode). A tenant without cross-origin
// authentication shows Lock's error, and an unknown client stops Lock at once.
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../src/emulator/default-tenant.ts';
import { startEmulator, type TestEmulator } from '../../src/emulator/library.ts';
import type { Tenant } from '../../src/emulator/tenant.ts';
import { selfSignedCertificate } from '../helpers/certificates.ts';
import { type Chromium, chromiumMissing, launchChromium } from '../helpers/chromium.ts';
import { type OutboxMessage, outboxMessages } from '../helpers/emulator-outbox.ts';
import { buildLockBundle, type LockEvent, lockCdnRoute, startLockTestPage } from '../helpers/lock-test-page.ts';
import { eventually } from '../helpers/poll.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import type { TestPage } from '../helpers/test-page-server.ts';

const missing = chromiumMissing();
const SPA = 'emulator-spa';

/**
 * What every page passes Lock besides its connection: the tokens it asks for, and `autofocus:
 * false` (Lock 14.3.0 crashes in its "We sent you a link" pane on large screens when it may move
 * the focus there).
 */
const BASE_OPTIONS = { autofocus: false, auth: { responseType: 'token id_token', params: { scope: 'openid email phone' } } };

type Mode = { connection: 'email'; send: 'code' | 'link' } | { connection: 'sms'; send: 'code' };

function lockOptions(mode: Mode, extra: Record<string, unknown>): Record<string, unknown> {
  return { ...BASE_OPTIONS, allowedConnections: [mode.connection], passwordlessMethod: mode.send, ...extra };
}

describe.skipIf(missing !== undefined)(
  `Lock (auth0-lock) in Chromium against the emulator (E-BROWSER-6, B-LOCK-1…B-LOCK-4)${missing === undefined ? '' : ` — skipped: ${missing}`}`,
  () => {
    let browser: Chromium;
    let bundleDir: string;
    let bundle: string;
    const cleanups: (() => Promise<void> | void)[] = [];

    beforeAll(async () => {
      bundleDir = tempDir('pwless-lock-');
      [bundle, browser] = await Promise.all([buildLockBundle(bundleDir), launchChromium()]);
      await lockCdnRoute(browser.context);
    });
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await browser?.close();
      if (bundleDir !== undefined) rmSync(bundleDir, { recursive: true, force: true });
    });

    /** The app's page, its answers from the emulator recorded as `METHOD /path status`. */
    async function open(app: TestPage, emu: TestEmulator): Promise<{ page: Page; answers: string[] }> {
      const page = await browser.context.newPage();
      cleanups.push(() => page.close());
      const answers: string[] = [];
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (url.origin === emu.url) answers.push(`${response.request().method()} ${url.pathname} ${response.status()}`);
      });
      await page.goto(`${app.origin}/`);
      return { page, answers };
    }

    async function startApp(domain: string, options: Record<string, unknown>, tls?: { cert: string; key: string }, clientId = SPA) {
      const app = await startLockTestPage({ clientId, domain, options }, bundle, tls);
      cleanups.push(() => app.close());
      return app;
    }

    /** The newest message to `to`, read from the outbox's REST API once it is there. */
    function message(emu: TestEmulator, to: string, ca?: string): Promise<OutboxMessage> {
      return eventually(
        async () => {
          const [newest] = await outboxMessages(emu.url, to, ca);
          expect(newest).toBeDefined();
          return newest!;
        },
        { timeoutMs: 10_000 },
      );
    }

    /** Lock's events once it has fired one (on /callback after a redirect: the page that reads the fragment). */
    async function lockEvents(page: Page): Promise<LockEvent[]> {
      await page.waitForFunction(() => ((globalThis as any).lockEvents?.length ?? 0) > 0, undefined, { timeout: 20_000 });
      return (await page.evaluate(() => (globalThis as any).lockEvents)) as LockEvent[];
    }

    /**
     * Types the identity and the code into Lock, as a person does; a link is followed instead. In
     * redirect mode (Lock's default) the tokens come back to /callback; in popup mode (`auth.redirect:
     * false`) to the same page, through a hidden iframe (response_mode=web_message, B-AUTHZ-4).
     */
    async function logIn(page: Page, app: TestPage, emu: TestEmulator, mode: Mode, identity: string, ca?: string, redirect = true): Promise<LockEvent[]> {
      if (mode.connection === 'sms') await page.getByRole('textbox', { name: 'Telephone number' }).fill(identity.replace(/^\+33/, ''));
      else await page.getByRole('textbox', { name: 'Email' }).fill(identity);
      await page.getByRole('button', { name: 'Submit' }).click();
      const sent = await message(emu, identity, ca);
      if (mode.send === 'link') {
        await page.getByText('We sent you a link to log in').waitFor();
        expect(sent.link).toMatch(/\/passwordless\/verify_redirect\?/);
        await page.goto(sent.link!);
      } else {
        expect(sent.send).toBe('code');
        await page.getByRole('textbox', { name: 'vcode' }).fill(sent.code);
        await page.getByRole('button', { name: 'Submit' }).click();
      }
      if (redirect) await page.waitForURL(`${app.origin}/callback**`, { timeout: 15_000 });
      const events = await lockEvents(page);
      if (!redirect) expect(page.url()).toBe(`${app.origin}/`);
      return events;
    }

    function expectAuthenticated(events: LockEvent[], emu: TestEmulator, claims: Record<string, unknown>): void {
      expect(events.map((event) => event.name)).toEqual(['authenticated']);
      const result = events[0]!.value;
      expect(result).toMatchObject({ tokenType: 'Bearer', idTokenPayload: { ...claims, iss: emu.issuer, aud: SPA } });
      expect(result.accessToken).toMatch(/^ey/);
      expect(result.idToken).toMatch(/^ey/);
    }

    describe('over HTTP, with configurationBaseUrl and the issuer overrides (E-BROWSER-6)', () => {
      let emu: TestEmulator;
      let http: Record<string, unknown>;
      beforeAll(async () => {
        // The phone field starts on the tenant's country (B-LOCK-4): France here, so +33 shows that Lock read it.
        emu = await startEmulator({ host: '127.0.0.1', tenant: { ...defaultTenant(), geoloc: { country_code: 'FR' } } });
        cleanups.push(() => emu.close());
        // Lock would load https://<domain>/client/<id>.js and expect the issuer https://<domain>/: over http, say both.
        http = { configurationBaseUrl: emu.url, overrides: { __token_issuer: emu.issuer, __jwks_uri: `${emu.url}/.well-known/jwks.json` } };
      });

      it('loads the client script and logs in with an email code: the ID token has the email (E-BROWSER-6, B-LOCK-1, B-LOCK-2)', async () => {
        const mode: Mode = { connection: 'email', send: 'code' };
        const app = await startApp(emu.url, lockOptions(mode, http));
        const { page, answers } = await open(app, emu);
        const email = 'lock-code@example.com';
        expectAuthenticated(await logIn(page, app, emu, mode, email), emu, { email, email_verified: true });
        expect(answers).toContain(`GET /client/${SPA}.js 200`);
        expect(answers).toEqual(expect.arrayContaining(['POST /passwordless/start 200', 'POST /co/authenticate 200', 'GET /authorize 302']));
        // Lock's check for a remembered login (auth0.js checkSession, response_mode=web_message) answered at once (B-AUTHZ-4).
        expect(answers).toContain('GET /authorize 200');
      });

      it('logs in with an email magic link, through the "We sent you a link" pane (E-BROWSER-6)', async () => {
        const mode: Mode = { connection: 'email', send: 'link' };
        const app = await startApp(emu.url, lockOptions(mode, http));
        const { page, answers } = await open(app, emu);
        const email = 'lock-link@example.com';
        expectAuthenticated(await logIn(page, app, emu, mode, email), emu, { email });
        expect(answers).toEqual(expect.arrayContaining([`GET /client/${SPA}.js 200`, 'POST /passwordless/start 200', 'GET /passwordless/verify_redirect 302']));
      });

      it("logs in with an SMS code, the phone field on the tenant's country: the ID token has the phone number (E-BROWSER-6, B-LOCK-4)", async () => {
        const mode: Mode = { connection: 'sms', send: 'code' };
        const app = await startApp(emu.url, lockOptions(mode, http));
        const { page, answers } = await open(app, emu);
        await expect.poll(() => page.getByRole('button', { name: 'location' }).inputValue(), { timeout: 15_000 }).toBe('+33 France');
        const phone = '+33612345678';
        expectAuthenticated(await logIn(page, app, emu, mode, phone), emu, { phone_number: phone, phone_verified: true });
        expect(answers).toEqual(expect.arrayContaining([`GET /client/${SPA}.js 200`, 'GET /user/geoloc/country 200', 'POST /co/authenticate 200']));
      });

      it("shows Lock's error, not a hang, when the application does not allow cross-origin authentication (E-BROWSER-6, B-CO-3)", async () => {
        const spa = emu.tenant.clients.find((client) => client.client_id === SPA)!;
        spa.cross_origin_authentication = false;
        try {
          const mode: Mode = { connection: 'email', send: 'code' };
          const app = await startApp(emu.url, lockOptions(mode, http));
          const { page, answers } = await open(app, emu);
          const email = 'lock-no-co@example.com';
          await page.getByRole('textbox', { name: 'Email' }).fill(email);
          await page.getByRole('button', { name: 'Submit' }).click();
          await page.getByRole('textbox', { name: 'vcode' }).fill((await message(emu, email)).code);
          await page.getByRole('button', { name: 'Submit' }).click();
          const [event] = await lockEvents(page);
          expect(event).toEqual({ name: 'authorization_error', value: { error: 'unauthorized_client', description: 'Cross origin login not allowed.' } });
          await page.getByText("We're sorry, something went wrong").waitFor();
          expect(answers).toContain('POST /co/authenticate 401');
          expect(page.url()).toBe(`${app.origin}/`);
        } finally {
          spa.cross_origin_authentication = true;
        }
      });

      it('stops at once with unrecoverable_error for a client the tenant does not have (E-BROWSER-6, B-LOCK-3)', async () => {
        const app = await startApp(emu.url, lockOptions({ connection: 'email', send: 'code' }, http), undefined, 'no-such-client');
        const { page, answers } = await open(app, emu);
        const [event] = await lockEvents(page);
        expect(event).toEqual({
          name: 'unrecoverable_error',
          value: {
            code: 'sync',
            message: expect.stringMatching(
              /^An error occurred when fetching client data for Lock: http:\/\/127\.0\.0\.1:\d+\/client\/no-such-client\.js\?t\d+ could not be loaded\.$/,
            ),
          },
        });
        await page.getByText('Something went wrong').waitFor();
        expect(answers).toContain('GET /client/no-such-client.js 404');
      });
    });

    describe('over HTTPS, with the domain alone as for a real tenant (E-BROWSER-6)', () => {
      const tls = selfSignedCertificate();
      let emu: TestEmulator;
      beforeAll(async () => {
        tls.create();
        cleanups.push(() => tls.remove());
        const tenant: Tenant = defaultTenant();
        tenant.clients.find((client) => client.client_id === SPA)!.callbacks.push('https://127.0.0.1/*');
        emu = await startEmulator({ host: '127.0.0.1', tenant, tlsCert: tls.cert, tlsKey: tls.key });
        cleanups.push(() => emu.close());
      });

      it('loads https://<domain>/client/<id>.js and logs in with an email code in popup mode, the issuer the one Lock expects (E-BROWSER-6, B-LOCK-1, B-AUTHZ-4)', async () => {
        expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        const mode: Mode = { connection: 'email', send: 'code' };
        const app = await startApp(emu.url.slice('https://'.length), lockOptions(mode, { auth: { ...BASE_OPTIONS.auth, redirect: false } }), tls);
        const { page, answers } = await open(app, emu);
        const email = 'lock-https@example.com';
        expectAuthenticated(await logIn(page, app, emu, mode, email, tls.cert, false), emu, { email });
        expect(answers).toEqual(expect.arrayContaining([`GET /client/${SPA}.js 200`, 'POST /co/authenticate 200', 'GET /authorize 200']));
        expect(answers).not.toContain('GET /authorize 302');
      });
    });
  },
);
