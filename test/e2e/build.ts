/** vitest globalSetup of the e2e project: the tests spawn bin/pwless.js, which runs dist/, so build it first (scripts/build.js). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Where the build's Node compile cache goes. tsc enables Node's compile cache itself
 * (typescript/lib/tsc.js calls module.enableCompileCache()), whose default is $TMPDIR/node-compile-cache;
 * and this setup runs before the root globalSetup moves TMPDIR into the run's temporary root
 * (test/helpers/temp-root.ts), so the default would be left behind in the caller's temp directory.
 * Kept beside vite's own cache (node_modules/.vite), so later runs still start tsc from the cache.
 */
const BUILD_COMPILE_CACHE = fileURLToPath(new URL('../../node_modules/.cache/node-compile-cache', import.meta.url));

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit', env: { ...process.env, NODE_COMPILE_CACHE: BUILD_COMPILE_CACHE } });
}
