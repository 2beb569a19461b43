// The cost of conf by itself: importing it evaluates conf and the Ajv it imports at its top,
// which pwless pays on the first write of a run (src/config/store.ts), schema or not. Bundled by
// bench/startup.js as scripts/build.js bundles pwless, with the compile cache on.
import module from 'node:module';

module.enableCompileCache?.();
await import('conf');
