/**
 * GET /client/<client_id>.js: the client configuration script of Auth0's embedded login widget,
 * Lock (docs/emulator.md "Lock", docs/auth0-behaviour.md B-LOCK-1…B-LOCK-3). Lock loads
 * `{configurationBaseUrl or https://<domain>}/client/<client_id>.js?t<time>` as a `<script>` and
 * waits for it to call `window.Auth0.setClient(settings)` with `settings.id === client_id`
 * (auth0/lock, files under `src/`: `core/client/settings.js` `fetchClientSettings`, `utils/cdn_utils.js`
 * `load`). Of the settings, Lock reads `id`, `tenant`, `subscription` and `strategies[].name` with
 * their `connections[].name` (and `display_name`) (`core/client/index.js` `formatClient`); `email` and
 * `sms` strategies are its passwordless connections. `authorize`, `callback` and `hasAllowedOrigins`
 * complete the shape Auth0 serves, which Lock.Android parses (auth0/Lock.Android
 * `com.auth0.core.Application`: `callback` one URL, `hasAllowedOrigins` a boolean).
 *
 * An unknown client: 404, as JavaScript so that the browser reports a plain 404 for the script
 * (a JSON body would be blocked as such by Chromium's ORB, the symptom this endpoint removes);
 * Lock then fires `unrecoverable_error` ("… could not be loaded."). Auth0's CDN was seen answering
 * 403 (auth0/angular-lock#20, a wrong client id); the status differs, Lock's outcome does not.
 */
import type { EmulatorContext, Handler } from '../context.ts';
import { clientScriptId, PATHS } from '../paths.ts';
import type { Reply } from '../respond.ts';
import { findClient, isEnabledFor, TENANT_NAME, type TenantClient } from '../tenant.ts';

const JAVASCRIPT = 'application/javascript; charset=utf-8';
/** The plan Lock sees: "free" shows its Auth0 badge (`hasFreeSubscription`), as on a free tenant. */
const SUBSCRIPTION = 'emulator';

interface Strategy {
  name: string;
  connections: { name: string }[];
}

/** The client's enabled connections, grouped by strategy in the tenant's order of connections. */
function strategies(emu: EmulatorContext, client: TenantClient): Strategy[] {
  const byName = new Map<string, Strategy>();
  for (const connection of emu.tenant.connections) {
    if (!isEnabledFor(connection, client)) continue;
    const strategy = byName.get(connection.strategy) ?? { name: connection.strategy, connections: [] };
    strategy.connections.push({ name: connection.name });
    byName.set(connection.strategy, strategy);
  }
  return [...byName.values()];
}

/** What `Auth0.setClient` is called with for this client. */
function clientSettings(emu: EmulatorContext, client: TenantClient): Record<string, unknown> {
  return {
    id: client.client_id,
    tenant: TENANT_NAME,
    subscription: SUBSCRIPTION,
    authorize: emu.url + PATHS.authorize,
    callback: client.callbacks[0] ?? '',
    hasAllowedOrigins: (client.allowed_origins ?? []).length > 0,
    strategies: strategies(emu, client),
  };
}

/** A JavaScript comment that no text can end early. */
function comment(text: string): string {
  return `/* ${text.replaceAll('*/', '*\\/')} */\n`;
}

export const clientScript: Handler = async (req, emu): Promise<Reply> => {
  const id = clientScriptId(req.url.pathname);
  const client = id === undefined ? undefined : findClient(emu.tenant, id);
  if (client === undefined) {
    const named = id === undefined ? req.url.pathname : JSON.stringify(id);
    const text = comment(`pwless emulator: no client ${named} in the tenant, so no Auth0.setClient (docs/emulator.md "Lock").`);
    return { status: 404, raw: { contentType: JAVASCRIPT, text } };
  }
  // JSON is a JavaScript expression (ES2019 made U+2028 and U+2029 legal in strings).
  const text = `Auth0.setClient(${JSON.stringify(clientSettings(emu, client))});\n`;
  return { status: 200, raw: { contentType: JAVASCRIPT, text } };
};
