/**
 * What each run of the bundled binary loads, in terms of sources (test/e2e/loaded-code.ts): what
 * issue 16 keeps off the start-up path (bench/RESULTS.md). --help, --version and completion load
 * none of undici, jose, conf or inquirer, nor the emulator; --version loads no dist/ file at all;
 * each command defines only itself; profile list reads the config without conf or Ajv; token
 * decode runs no jose (what start and verify load, and that a login that serves nothing imports
 * node:http(s) from none of our modules: test/e2e/flow-modules.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { configSession } from './cli.ts';
import { loadedCode } from './loaded-code.ts';

const session = configSession();
const env = () => ({ PWLESS_CONFIG_DIR: session.dir });
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT = `${part({ alg: 'RS256', kid: 'k' })}.${part({ sub: 'email|decoded' })}.c2ln`;
const HEAVY = /^node_modules\/(undici|jose|conf|ajv|@inquirer)\/|^src\/emulator\/(server|library)\.ts$/;

beforeAll(async () => {
  for (const name of ['dev', 'stage']) {
    const added = await session.run(['profile', 'add', name, '--domain', `${name}.auth0.com`, '--client-id', 'abc']);
    expect(added.code).toBe(0);
  }
});

describe('what a run loads', () => {
  it.each(['--help', 'start --help', 'token --help', 'emulator --help', 'completion bash', '__complete profiles'])(
    'pwless %s loads none of undici, jose, conf, inquirer, the emulator or its library (E-LIB-5)',
    async (line) => {
      const run = await loadedCode(line.split(' '), env());
      expect(run.stdout.length).toBeGreaterThan(0);
      expect(run.sources.some((source) => source === 'src/cli/main.ts')).toBe(true);
      expect(run.sources.filter((source) => HEAVY.test(source))).toEqual([]);
    },
  );

  it.each(['--version', '-V'])('pwless %s is answered by the bin shim and loads no dist/ file', async (flag) => {
    const run = await loadedCode([flag], env());
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    expect(run.urls.length).toBeGreaterThan(0);
    expect(run.urls.filter((url) => url.includes('/dist/'))).toEqual([]);
  });

  it('pwless --help and token decode define only the command they name (src/cli/program.ts)', async () => {
    const help = await loadedCode(['--help'], env());
    expect(help.sources.filter((source) => source.endsWith('/flags.ts'))).toEqual([]);
    const decode = await loadedCode(['token', 'decode', JWT], env());
    expect(decode.sources.filter((source) => /^src\/cli\/commands\/[^/]+\/flags\.ts$/.test(source))).toEqual(['src/cli/commands/token/flags.ts']);
  });

  it('pwless profile list reads the config file without conf or Ajv (no schema compiled at run time)', async () => {
    const run = await loadedCode(['profile', 'list'], env());
    expect(run.stdout).toContain('stage');
    expect(run.sources).toContain('src/config/schema-check.ts');
    expect(run.sources.filter((source) => /^node_modules\/(conf|ajv)\//.test(source))).toEqual([]);
  });

  it('pwless profile use (a write) does load conf: the check above can see it', async () => {
    const run = await loadedCode(['profile', 'use', 'dev'], env());
    expect(run.sources.some((source) => source.startsWith('node_modules/conf/'))).toBe(true);
  });

  it('pwless token decode <jwt> loads no jose: decoding is src/core/jwt-decode.ts, only verifying needs jose', async () => {
    const run = await loadedCode(['token', 'decode', JWT], env());
    expect(run.stdout).toContain('email|decoded');
    expect(run.sources).toContain('src/core/jwt-decode.ts');
    expect(run.sources.filter((source) => source.startsWith('node_modules/jose/'))).toEqual([]);
  });

  it('pwless demo loads the emulator and jose, but never the library module (E-LIB-5)', async () => {
    const run = await loadedCode(['demo', '--json'], env());
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true });
    expect(run.sources).toContain('src/emulator/server.ts');
    expect(run.sources.some((source) => source.startsWith('node_modules/jose/'))).toBe(true);
    expect(run.sources).not.toContain('src/emulator/library.ts');
    // The emulator serves: node:http is imported by its own modules, which the check of
    // test/e2e/flow-modules.test.ts (a login imports it from none of ours) would see.
    expect(run.importersOf('node:http').some((source) => source.startsWith('src/emulator/'))).toBe(true);
  });
});
