/**
 * undici's EnvHttpProxyAgent, from its index (see undici-parts.ts for why the index): a module of
 * its own so that only a run with a proxy loads it, by a lazy import() of this file. A static
 * named import, because the bundle (scripts/build.js) gives an import() of a CommonJS package
 * such as undici only its default export.
 */
export { EnvHttpProxyAgent } from 'undici';
