/**
 * The published package on its own: `npm pack` (its prepack builds dist/), installed into an empty
 * directory from the tarball, runs as `npx pwless` and `npm i -g pwless` users would run it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, tempHome } from './cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
// The installed bin's shebang finds `node` on PATH: make it this Node.
const env = () => cleanEnv({ PATH: `${dirname(process.execPath)}:${process.env.PATH}` });
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, env: env(), encoding: 'utf8', timeout: 150_000, stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm pack', () => {
  it('makes a package that installs and runs on its own', { timeout: 180_000 }, () => {
    const out = tempHome();
    npm(['pack', '--silent', '--pack-destination', out], ROOT);
    const tarball = readdirSync(out).find((f) => f.endsWith('.tgz')) as string;
    const files = execFileSync('tar', ['tzf', join(out, tarball)], { encoding: 'utf8' }).split('\n');
    expect(files).toContain('package/bin/pwless.js');
    expect(files).toContain('package/dist/cli/main.js');
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/') || f.endsWith('.map'))).toEqual([]);

    const app = join(out, 'app');
    npm(['install', '--prefix', app, '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', join(out, tarball)], out);
    const bin = join(app, 'node_modules', '.bin', 'pwless');
    const version = execFileSync(bin, ['--version'], { env: env(), encoding: 'utf8' }).trim();
    expect(version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const demo = JSON.parse(execFileSync(bin, ['demo', '--json'], { env: env(), encoding: 'utf8', timeout: 30_000 }));
    expect(demo).toMatchObject({ ok: true, verification: { ok: true } });
  });
});
