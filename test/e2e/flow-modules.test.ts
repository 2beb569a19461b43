/**
 * What `start` and `verify` load (issue 16): a command line refused before any request loads none
 * of the HTTP client, jose or conf; the whole flow against the emulator loads undici and jose by
 * the parts it uses (src/core/undici-parts.ts, jose's subpath exports), no prompt library, no
 * code source but the emulator's, and nothing of the emulator itself. A module hook
 * (https://nodejs.org/api/module.html#moduleregisterhooksoptions) names every module as it loads.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../../src/emulator/library.ts';
import { BIN, cleanEnv, configSession } from './cli.ts';

const run = promisify(execFile);
const hook = `data:text/javascript,${encodeURIComponent(
  `import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) {
  process.stderr.write('loaded ' + url + '\\n');
  return next(url, context);
} });`,
)}`;

/** The modules a run loads, with its exit code and output (a refusal exits 2: its output is still what is checked). */
async function loaded(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; modules: string[] }> {
  const result = await run(process.execPath, ['--import', hook, BIN, ...args], { env: cleanEnv(env) }).then(
    (done) => ({ ...done, code: 0 }),
    (failed: { stdout: string; stderr: string; code: number }) => failed,
  );
  const modules = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('loaded '))
    .map((line) => line.slice('loaded '.length));
  return { code: result.code, stdout: result.stdout, modules };
}

const HEAVY = /node_modules\/(undici|jose|conf|ajv|@inquirer)\//;

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

describe('what start and verify load', () => {
  it('start refused for its flags loads no undici, jose, conf or inquirer', async () => {
    const { code, stdout, modules } = await loaded(['start', '--json', '--domain', emulator.url, '--client-id', 'emulator-native', '--email', 'bad']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error.code).toBe('invalid_email');
    expect(modules.some((url) => url.includes('/dist/cli/commands/start/run.js'))).toBe(true);
    expect(modules.filter((url) => HEAVY.test(url) || url.includes('/dist/core/http.js'))).toEqual([]);
  });

  it('verify with no login to finish loads no undici, jose, conf or inquirer', async () => {
    const session = configSession();
    const { code, stdout, modules } = await loaded(['verify', '--json', '--otp', '123456'], { PWLESS_CONFIG_DIR: session.dir });
    expect(code).toBe(2);
    expect(JSON.parse(stdout).ok).toBe(false);
    expect(modules.some((url) => url.includes('/dist/cli/commands/verify/run.js'))).toBe(true);
    expect(modules.filter((url) => HEAVY.test(url))).toEqual([]);
  });

  it('start --otp-from emulator loads the parts of undici and jose it uses, the emulator code source only, nothing of the emulator', async () => {
    const session = configSession();
    const { code, stdout, modules } = await loaded(
      ['start', '--otp-from', 'emulator', '--json', '--domain', emulator.url, '--client-id', 'emulator-native', '--email', 'modules@example.com'],
      { PWLESS_CONFIG_DIR: session.dir },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).verification.ok).toBe(true);
    // They do load: the hook sees them.
    expect(modules.some((url) => url.includes('node_modules/undici/lib/dispatcher/agent.js'))).toBe(true);
    expect(modules.some((url) => url.includes('node_modules/jose/dist/webapi/jws/compact/verify.js'))).toBe(true);
    expect(modules.some((url) => url.includes('/dist/otp/emulator.js'))).toBe(true);
    // Their indexes (all of undici: fetch, WebSocket, caches, mocks; all of jose: JWE, signing) do not.
    expect(modules.filter((url) => /node_modules\/undici\/index\.js|node_modules\/jose\/dist\/webapi\/index\.js/.test(url))).toEqual([]);
    expect(modules.filter((url) => url.includes('node_modules/@inquirer/'))).toEqual([]);
    expect(modules.filter((url) => /\/dist\/otp\/(mailosaur|mailpit|maildev|sms-gateway|cmd|file|message-poll)\.js/.test(url))).toEqual([]);
    expect(modules.filter((url) => /\/dist\/emulator\/(?!defaults\.js)/.test(url))).toEqual([]);
  });
});
