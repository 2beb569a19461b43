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
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.js';

const root = new URL('..', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const dist = new URL('dist/', root);
rmSync(dist, { recursive: true, force: true });

const result = await build({
  absWorkingDir: fileURLToPath(root),
  entryPoints: ['src/cli/main.ts', 'src/emulator/library.ts'],
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  ...bundleOptions,
  // src/core/version.ts reads it from package.json when it is not bundled.
  define: { ...bundleOptions.define, PWLESS_VERSION: JSON.stringify(version) },
  // Maps for debugging from a checkout, without a sourceMappingURL comment pointing to files the package leaves out.
  sourcemap: 'external',
  metafile: true,
});
writeFileSync(new URL('meta.json', dist), JSON.stringify(result.metafile));

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: fileURLToPath(root), stdio: 'inherit' });
