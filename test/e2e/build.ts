/** vitest globalSetup of the e2e project: the tests spawn bin/pwless.js, which runs dist/, so build it first (scripts/build.js). */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' });
}
