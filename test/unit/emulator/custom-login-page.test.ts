// A customised login page (docs/emulator.md "Customised login page", E-LOGIN-5): `login_page:
// { html }` in the tenant file, served by GET /authorize without a ticket with @@config@@ filled in
// as Auth0 fills it; a missing file stops the start.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { call, start } from './helpers.ts';

const CALLBACK = 'http://127.0.0.1:5173/callback';
const dir = tempDir('pwless-login-page-');
let emu: RunningEmulator;

/** The config a served page carries, decoded as the page's template decodes it. */
function configOf(html: string): any {
  const encoded = /atob\('([^']*)'\)/.exec(html)?.[1];
  expect(encoded).toBeDefined();
  return JSON.parse(Buffer.from(encoded!, 'base64').toString('utf8'));
}

beforeAll(async () => {
  writeFileSync(join(dir, 'page.html'), "<html><script>var c = JSON.parse(decodeURIComponent(escape(window.atob('@@config@@'))));</script>@@config@@</html>");
  const tenant = { ...defaultTenant(), login_page: { html: join(dir, 'page.html') } };
  emu = await start({ tenant });
});
afterAll(() => emu.close());

describe('login_page in the tenant file (E-LOGIN-5)', () => {
  it("serves the page with every @@config@@ replaced by base64 JSON in Auth0's shape (E-LOGIN-5)", async () => {
    const query = new URLSearchParams({
      client_id: 'emulator-spa',
      redirect_uri: CALLBACK,
      response_type: 'token id_token',
      scope: 'openid email',
      state: 'st ü',
      nonce: 'n1',
      login_hint: 'me@example.com',
    });
    const page = await call(emu, `/authorize?${query}`, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).not.toContain('@@config@@');
    const config = configOf(page.text);
    expect(config).toEqual({
      auth0Domain: emu.url,
      auth0Tenant: 'pwless-emulator',
      clientID: 'emulator-spa',
      callbackURL: CALLBACK,
      callbackOnLocationHash: true,
      clientConfigurationBaseUrl: emu.issuer,
      authorizationServer: { url: emu.url, issuer: emu.issuer },
      internalOptions: { response_type: 'token id_token', scope: 'openid email', state: 'st ü', nonce: 'n1' },
      extraParams: { login_hint: 'me@example.com' },
    });
    const second = page.text.slice(page.text.indexOf('</script>'));
    expect(configOf(`atob('${second.slice('</script>'.length, second.indexOf('</html>'))}')`)).toEqual(config);
  });

  it("carries PKCE's challenge and the response mode in internalOptions, and still answers prompt=none with login_required (E-LOGIN-5, B-AUTHZ-3)", async () => {
    const base = { client_id: 'emulator-spa', redirect_uri: CALLBACK, response_type: 'code', state: 's' };
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    const page = await call(
      emu,
      `/authorize?${new URLSearchParams({ ...base, response_mode: 'query', code_challenge: challenge, code_challenge_method: 'S256' })}`,
    );
    expect(configOf(page.text).internalOptions).toMatchObject({
      response_type: 'code',
      response_mode: 'query',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(configOf(page.text).callbackOnLocationHash).toBe(false);
    const silent = await call(emu, `/authorize?${new URLSearchParams({ ...base, prompt: 'none' })}`, { redirect: 'manual' });
    expect(new URL(silent.headers.get('location')!).searchParams.get('error')).toBe('login_required');
  });

  it('resolves a relative html path against the tenant file, and refuses a missing file before listening (E-LOGIN-5, E-TENANT-2)', async () => {
    const tenantFile = join(dir, 'tenant.json');
    writeFileSync(tenantFile, JSON.stringify({ ...defaultTenant(), login_page: { html: 'page.html' } }));
    const fromFile = await start({ tenant: tenantFile });
    try {
      const page = await call(fromFile, `/authorize?${new URLSearchParams({ client_id: 'emulator-spa', redirect_uri: CALLBACK, response_type: 'code' })}`);
      expect(configOf(page.text).clientID).toBe('emulator-spa');
    } finally {
      await fromFile.close();
    }
    writeFileSync(tenantFile, JSON.stringify({ ...defaultTenant(), login_page: { html: 'missing.html' } }));
    const refusal = start({ tenant: tenantFile });
    await expect(refusal).rejects.toBeInstanceOf(EmulatorConfigError);
    await expect(refusal).rejects.toThrow(`Tenant file ${tenantFile}: login_page.html: cannot read ${join(dir, 'missing.html')} (ENOENT).`);
    await expect(start({ tenant: { ...defaultTenant(), login_page: { html: '' } } })).rejects.toThrow('login_page.html');
    await expect(start({ tenant: { ...defaultTenant(), login_page: { html: 'x', css: 'y' } } })).rejects.toThrow('login_page');
  });
});
