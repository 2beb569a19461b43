/**
 * A customised login page (docs/emulator.md "Customised login page", E-LOGIN-5): the tenant file's
 * `login_page: { html: <file> }`, as Classic Universal Login lets a tenant replace its page
 * (https://auth0.com/docs/customize/login-pages/classic-login). GET /authorize without a ticket
 * serves that HTML on the emulator's own origin with every `@@config@@` replaced by what the tenant
 * puts there: base64 of the UTF-8 JSON that the page's template decodes with
 * `JSON.parse(decodeURIComponent(escape(window.atob('@@config@@'))))` (auth0/docs
 * `articles/hosted-pages/login.md`, "The @@config@@ Object", and Auth0's "Custom Login Form"
 * template, which passes `auth0Domain`, `clientID`, `callbackURL`, `internalOptions` and
 * `authorizationServer.issuer` to `new auth0.WebAuth`).
 *
 * `internalOptions` carries the request's `response_type`, `response_mode`, `scope`, `state`,
 * `nonce`, `audience` and PKCE's challenge, so the page's `passwordlessLogin` (POST
 * /passwordless/verify, then GET /passwordless/verify_redirect on this origin) ends at the
 * application with what it asked for. Auth0 puts its own transaction state there instead of the
 * application's: the emulator keeps no transaction for this page, so the application's values go
 * through as they are.
 */
import { readFile } from 'node:fs/promises';
import type { EmulatorContext } from '../context.ts';
import type { Reply } from '../respond.ts';
import { type LoginPageSettings, TENANT_NAME } from '../tenant.ts';
import type { AuthorizeQuery } from './authorize-query.ts';

const INTERNAL_OPTIONS = ['response_type', 'response_mode', 'scope', 'state', 'nonce', 'audience', 'code_challenge', 'code_challenge_method'] as const;

/** What `@@config@@` decodes to, for this /authorize request. */
export function loginPageConfig(emu: EmulatorContext, query: AuthorizeQuery): Record<string, unknown> {
  const { params, request } = query;
  const internalOptions: Record<string, string> = {};
  for (const key of INTERNAL_OPTIONS) {
    const value = params[key];
    if (value !== undefined) internalOptions[key] = value;
  }
  internalOptions.scope = request.scope;
  const host = new URL(emu.url).host;
  const extraParams: Record<string, string> = {};
  if (params.login_hint !== undefined) extraParams.login_hint = params.login_hint;
  return {
    // Auth0 fills the tenant's domain, a host name: auth0.js then calls https://<host>. Over plain
    // HTTP the emulator gives its URL instead, which auth0.js also accepts as a domain.
    auth0Domain: emu.url.startsWith('https:') ? host : emu.url,
    auth0Tenant: TENANT_NAME,
    clientID: request.client.client_id,
    callbackURL: request.redirectUri,
    callbackOnLocationHash: !request.responseType.code,
    clientConfigurationBaseUrl: emu.issuer,
    authorizationServer: { url: emu.url, issuer: emu.issuer },
    internalOptions,
    extraParams,
    ...(params.connection !== undefined ? { connection: params.connection } : {}),
    ...(params.prompt !== undefined ? { prompt: params.prompt } : {}),
  };
}

/** `@@config@@` as the tenant fills it: base64 of the config's UTF-8 JSON. */
export function encodeLoginPageConfig(config: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(config), 'utf8').toString('base64');
}

/** The tenant's page with `@@config@@` filled in. */
export async function customLoginPage(emu: EmulatorContext, query: AuthorizeQuery, page: LoginPageSettings): Promise<Reply> {
  const html = await readFile(page.html, 'utf8');
  const text = html.replaceAll('@@config@@', encodeLoginPageConfig(loginPageConfig(emu, query)));
  return {
    status: 200,
    headers: { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' },
    raw: { contentType: 'text/html; charset=utf-8', text },
  };
}
