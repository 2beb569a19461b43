// The esbuild options of the build (scripts/build.js), shared with bench/startup.js, which bundles
// its "floor" scripts the same way so that they load their dependencies as pwless does.
export const bundleOptions = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // A package without an `exports` map that ships an ES build names it in "module" (of ours, only
  // liquidjs): take it, since a lazy import() of its CommonJS build gets only a default export here.
  mainFields: ['module', 'main'],
  // undici's switch for bundlers, as Node.js's own build of undici sets it (lib/dispatcher/client-h1.js):
  // leaves out Milo, its experimental HTTP parser (two WebAssembly builds, 165 KB, only used with
  // UNDICI_USE_MILO=1), and keeps llhttp, the parser Node.js ships.
  define: { esbuildDetection: 'true' },
  logLevel: 'warning',
  // The CommonJS dependencies (undici, commander, …) call require() for Node's builtins; an ES
  // module has no require, so each output file gets one (esbuild's documented workaround).
  banner: { js: "import { createRequire as __pwlessRequire } from 'node:module';\nconst require = __pwlessRequire(import.meta.url);" },
};
