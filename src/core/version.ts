import { createRequire } from 'node:module';

/** The package version, read at run time: package.json sits outside rootDir (deps.md §8). */
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
