#!/usr/bin/env node
// Entry shim. Kept free of syntax and imports that an old Node cannot parse, so that on a Node
// older than package.json's engines the user gets one line instead of a stack trace.
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const [major, minor, patch] = process.versions.node.split('.').map(Number);
const supported = major >= 26 || (major === 24 && minor >= 15) || (major === 22 && (minor > 22 || (minor === 22 && patch >= 2)));
if (!supported) {
  process.stderr.write(`pwless: Node.js ${process.versions.node} is too old; pwless needs Node.js ^22.22.2, ^24.15.0 or >=26 (Node.js 24 LTS recommended).\n`);
  process.exit(1);
}

// `pwless --version` (or -V) as the only argument is answered here, without loading dist/ at all:
// the same line commander prints (src/core/version.ts reads the same package.json).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  // A source checkout before its first build: say what to run instead of Node's ERR_MODULE_NOT_FOUND stack trace.
  // (An installed package always has dist/: package.json's "files" ship it and "prepack" builds it.)
  const checkout = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(
    `pwless: not built yet (no dist/ in ${checkout}): run "npm ci" and then "npm run build" there, or "npm run demo" to build and try it.\n`,
  );
  process.exit(1);
} else {
  // Caches compiled bytecode of the modules imported after this call (Node >= 22.8); it never throws.
  // NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  module.enableCompileCache?.();
  await import('../dist/cli/main.js');
}
