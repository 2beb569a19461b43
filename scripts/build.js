#!/usr/bin/env node
// `npm run build`: dist/ as it ships. esbuild bundles the two entry points, the CLI
// (src/cli/main.ts → dist/cli/main.js, which bin/pwless.js imports) and the library
// (src/emulator/library.ts → dist/emulator/library.js, `pwless/emulator`), with their
// dependencies, into ES modules split at every lazy import(): a run loads a few files instead of
// hundreds (undici alone is 108), and what a command does not use stays unloaded. tsc writes the
// library's declarations (dist/emulator/*.d.ts) and nothing else; it also type-checks.
// dist/meta.json (esbuild's metafile: which source files each output holds) lets the e2e tests
// say which code a run loaded (test/e2e/loaded-code.ts); it is not packed.
// Plain JavaScript: it runs on whatever Node runs npm (Node 20 included).
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const dist = new URL('dist/', root);
rmSync(dist, { recursive: true, force: true });

const result = await build({
  absWorkingDir: root.pathname,
  entryPoints: ['src/cli/main.ts', 'src/emulator/library.ts'],
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // A package without an `exports` map that ships an ES build names it in "module" (of ours, only
  // liquidjs): take it, since a lazy import() of its CommonJS build gets only a default export here.
  mainFields: ['module', 'main'],
  // undici's switch for bundlers, as Node.js's own build of undici sets it (lib/dispatcher/client-h1.js):
  // leaves out Milo, its experimental HTTP parser (two WebAssembly builds, 165 KB, only used with
  // UNDICI_USE_MILO=1), and keeps llhttp, the parser Node.js ships.
  define: { esbuildDetection: 'true' },
  target: 'node22',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  // The CommonJS dependencies (undici, commander, …) call require() for Node's builtins; an ES
  // module has no require, so each output file gets one (esbuild's documented workaround).
  banner: { js: "import { createRequire as __pwlessRequire } from 'node:module';\nconst require = __pwlessRequire(import.meta.url);" },
});
writeFileSync(new URL('meta.json', dist), JSON.stringify(result.metafile));

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
