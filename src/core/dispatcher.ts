/**
 * The undici dispatcher of a run, built once from its NetworkSettings the first time send() needs
 * it: an EnvHttpProxyAgent when a proxy variable is set, a plain Agent when only --ca-file or
 * --insecure is given, and none at all otherwise (undici's global dispatcher, which the unit tests
 * replace with a MockAgent). The proxy settings are passed explicitly, so routing follows the
 * environment the CLI was given, not whatever process.env holds later.
 *
 * TLS settings go to all three places undici reads them: `connect` (direct connections),
 * `requestTls` (the origin's TLS inside a CONNECT tunnel) and `proxyTls` (an https:// proxy).
 * `ca` replaces Node's roots when given, so it always starts from tls.getCACertificates('default')
 * (https://nodejs.org/api/tls.html#tlsgetcacertificatestype). See docs/network.md.
 */
import tls from 'node:tls';
import type { Dispatcher } from 'undici';
import { needsOwnDispatcher, proxyConfigured, type NetworkSettings } from './network-settings.ts';
import { Agent, envHttpProxyAgent } from './undici-parts.ts';

const built = new WeakMap<NetworkSettings, Promise<Dispatcher>>();

/** Async because a proxy loads undici's index (undici-parts.ts); a run builds its dispatcher once. */
export async function dispatcherFor(settings: NetworkSettings | undefined): Promise<Dispatcher | undefined> {
  if (settings === undefined || !needsOwnDispatcher(settings)) return undefined;
  let dispatcher = built.get(settings);
  if (dispatcher === undefined) {
    dispatcher = build(settings);
    built.set(settings, dispatcher);
  }
  return dispatcher;
}

export interface TlsSettings {
  ca?: string[];
  rejectUnauthorized?: false;
}

/** Node's default roots plus the extra CAs; certificate checks off only for --insecure. */
export function tlsSettings(settings: NetworkSettings): TlsSettings {
  const options: TlsSettings = {};
  if (settings.extraCa.length > 0) options.ca = [...tls.getCACertificates('default'), ...settings.extraCa];
  if (settings.insecure) options.rejectUnauthorized = false;
  return options;
}

async function build(settings: NetworkSettings): Promise<Dispatcher> {
  const tlsOptions = tlsSettings(settings);
  if (!proxyConfigured(settings)) return new Agent({ connect: tlsOptions });
  const EnvHttpProxyAgent = await envHttpProxyAgent();
  return new EnvHttpProxyAgent({
    httpProxy: settings.httpProxy,
    httpsProxy: settings.httpsProxy,
    noProxy: settings.noProxy,
    connect: tlsOptions,
    requestTls: tlsOptions,
    proxyTls: tlsOptions,
  });
}
