import { createRequire } from 'node:module';

/** Set by the bundle (scripts/build.js defines it from package.json); absent when run from src/. */
declare const PWLESS_VERSION: string | undefined;

/**
 * The package version. The bundle carries it as a constant, so no file is read at run time and
 * no path depends on where the bundle puts this module; from src/ (the tests) it is read from
 * package.json, which sits outside tsconfig's rootDir and so cannot be imported.
 */
export const VERSION: string =
  typeof PWLESS_VERSION === 'string' ? PWLESS_VERSION : (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
