import { createRequire } from 'node:module';

/** The package version, read at run time: package.json sits outside tsconfig's rootDir, so it cannot be imported. */
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
