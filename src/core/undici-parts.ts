/**
 * The parts of undici that pwless uses, loaded without undici's index. `import 'undici'` evaluates
 * all of undici (fetch, WebSocket, EventSource, caches, mocks, the SOCKS and retry agents: 110
 * modules, ~50 ms of a CLI run on a 2-core machine), where a request needs the Agent, the request
 * API, the global dispatcher and the error classes (28 modules). A proxy loads the index. These
 * are the very modules the index re-exports (https://github.com/nodejs/undici/blob/main/index.js),
 * so they share their state with it: a MockAgent set with the index's setGlobalDispatcher()
 * answers request() here, and undici's errors are the same classes. The paths are undici's own
 * files (its package.json has no `exports` map to hide them; their types are in undici-files.d.ts);
 * test/unit/core/undici-parts.test.ts checks that they still are what the index exports. Static
 * imports, so that the bundle (scripts/build.js) holds these files and nothing else of undici.
 */
import type { Dispatcher, EnvHttpProxyAgent as UndiciEnvHttpProxyAgent } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import errors from 'undici/lib/core/errors.js';
import requestApi from 'undici/lib/api/api-request.js';
import { getGlobalDispatcher } from 'undici/lib/global.js';

export { Agent, errors };

type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'>;

/**
 * Only a proxy needs it, loaded the first time one is configured: from undici's index, because its
 * ProxyAgent opens CONNECT tunnels with `connect()`, one of the API methods the index adds to every
 * dispatcher (`Object.assign(Dispatcher.prototype, api)`).
 */
export async function envHttpProxyAgent(): Promise<typeof UndiciEnvHttpProxyAgent> {
  return (await import('./undici-proxy.ts')).EnvHttpProxyAgent;
}

/** undici's `request(url, options)`: the same call its index makes, on the given dispatcher or the global one. */
export function request(url: URL, options: RequestOptions & { dispatcher?: Dispatcher | undefined }): Promise<Dispatcher.ResponseData> {
  const { dispatcher = getGlobalDispatcher(), ...rest } = options;
  return requestApi.call(dispatcher, { ...rest, origin: url.origin, path: url.search ? `${url.pathname}${url.search}` : url.pathname });
}
