/**
 * The published package on its own: `npm pack` of the dist/ the e2e setup built (test/e2e/build.ts runs
 * scripts/build.js, which is what package.json's prepack runs), installed into an empty
 * directory from the tarball, runs as `npx pwless` and `npm i -g pwless` users would run it, and
 * its library `pwless/emulator` imports, runs and type-checks there (docs/emulator.md, "Library API").
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
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
    // prepack would rebuild dist/ in place (scripts/build.js empties it first) while other e2e files,
    // running at the same time, spawn bin/pwless.js from it: pack what the e2e setup built instead.
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.prepack).toBe('npm run build');
    const out = tempHome();
    npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', out], ROOT);
    const tarball = readdirSync(out).find((f) => f.endsWith('.tgz')) as string;
    const files = execFileSync('tar', ['tzf', join(out, tarball)], { encoding: 'utf8' }).split('\n');
    expect(files).toContain('package/bin/pwless.js');
    expect(files).toContain('package/dist/cli/main.js');
    // scripts/build.js bundles: the chunks ship, its metafile (for the tests) does not.
    expect(files.some((f) => f.startsWith('package/dist/chunks/'))).toBe(true);
    expect(files).not.toContain('package/dist/meta.json');
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/') || f.endsWith('.map'))).toEqual([]);
    expect(files).toContain('package/dist/emulator/library.d.ts');
    // Declarations ship for the library only: the CLI has no API.
    expect(files.filter((f) => f.endsWith('.d.ts') && !f.startsWith('package/dist/emulator/'))).toEqual([]);

    const app = join(out, 'app');
    npm(['install', '--prefix', app, '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', join(out, tarball)], out);
    const bin = join(app, 'node_modules', '.bin', 'pwless');
    const version = execFileSync(bin, ['--version'], { env: env(), encoding: 'utf8' }).trim();
    expect(version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const demo = JSON.parse(execFileSync(bin, ['demo', '--json'], { env: env(), encoding: 'utf8', timeout: 30_000 }));
    expect(demo).toMatchObject({ ok: true, verification: { ok: true } });

    // E-LIB-5: `import { startEmulator } from 'pwless/emulator'` from the fresh directory.
    writeFileSync(join(app, 'library.mjs'), LIBRARY_SCRIPT);
    const library = JSON.parse(execFileSync(process.execPath, ['library.mjs'], { cwd: app, env: env(), encoding: 'utf8', timeout: 30_000 }));
    expect(library).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      to: 'pack@example.com',
      code: expect.stringMatching(/^\d{6}$/),
      timeout: 'no_message',
      closed: 'refused',
    });

    // Its declarations type-check in a strict TypeScript project that imports the package by name.
    writeFileSync(join(app, 'types.mts'), TYPES_SCRIPT);
    const tsconfig = {
      compilerOptions: { module: 'nodenext', target: 'es2024', strict: true, noEmit: true, typeRoots: [join(ROOT, 'node_modules', '@types')], types: ['node'] },
      files: ['types.mts'],
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, env: env(), encoding: 'utf8', timeout: 60_000 })).toBe('');
  });
});

const LIBRARY_SCRIPT = `import { startEmulator, EmulatorControlError } from 'pwless/emulator';
const emu = await startEmulator({ seed: 'pack' });
const start = await fetch(emu.url + '/passwordless/start', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ client_id: 'emulator-native', connection: 'email', email: 'pack@example.com', send: 'code' }),
});
if (start.status !== 200) throw new Error('start answered ' + start.status);
const message = await emu.outbox.waitFor('pack@example.com', { timeoutMs: 5000 });
const timeout = await emu.outbox.waitFor('nobody@example.com', { timeoutMs: 10 }).catch((err) => err instanceof EmulatorControlError && err.code);
emu.clock.advance(301);
await emu.close();
await emu.close();
const closed = await fetch(emu.url + '/__emulator/health').then(() => 'answered', () => 'refused');
console.log(JSON.stringify({ url: emu.url, to: message.to, code: message.code, timeout, closed }));
`;

const TYPES_SCRIPT = `import { startEmulator, EmulatorControlError, type EmulatorMessage, type FaultSpec, type TestEmulator } from 'pwless/emulator';
const fault: FaultSpec = { endpoint: '/oauth/token', status: 503, count: 1 };
const emu: TestEmulator = await startEmulator({ tenant: { clients: [] }, seed: 's', tlsCert: 'c.pem', tlsKey: 'k.pem' });
const latest: EmulatorMessage | undefined = emu.outbox.latest('a@example.com');
const code: string = (await emu.outbox.waitFor('a@example.com', { timeoutMs: 1000 })).code;
emu.faults.arm(fault);
// @ts-expect-error the clock advances by a number of seconds
emu.clock.advance('60');
const failure: 'invalid_request' | 'no_message' | 'temporarily_unavailable' = new EmulatorControlError('no_message', 'x').code;
console.log(latest, code, failure, emu.clock.set('2030-01-01T00:00:00Z').epochMs);
await emu.close();
`;
