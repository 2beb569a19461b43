/**
 * What `start` and `verify` load (issue 16): a command line refused before any request loads none
 * of the HTTP client, jose or conf; the whole flow against the emulator loads undici and jose by
 * the parts it uses (src/core/undici-parts.ts, jose's subpath exports), no prompt library, no
 * code source but the emulator's, and nothing of the emulator itself. test/e2e/loaded-code.ts
 * names the source files of the code a run loads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type TestEmulator } from '../../src/emulator/library.ts';
import { configSession } from './cli.ts';
import { loadedCode } from './loaded-code.ts';

const HEAVY = /^node_modules\/(undici|jose|conf|ajv|@inquirer)\//;

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.close();
});

describe('what start and verify load', () => {
  it('start refused for its flags loads no undici, jose, conf or inquirer', async () => {
    const { stdout, sources } = await loadedCode(['start', '--json', '--domain', emulator.url, '--client-id', 'emulator-native', '--email', 'bad']);
    expect(JSON.parse(stdout).error.code).toBe('invalid_email');
    expect(sources).toContain('src/cli/commands/start/run.ts');
    expect(sources.filter((source) => HEAVY.test(source) || source === 'src/core/http.ts')).toEqual([]);
  });

  it('verify with no login to finish loads no undici, jose, conf or inquirer', async () => {
    const session = configSession();
    const { stdout, sources } = await loadedCode(['verify', '--json', '--otp', '123456'], { PWLESS_CONFIG_DIR: session.dir });
    expect(JSON.parse(stdout).ok).toBe(false);
    expect(sources).toContain('src/cli/commands/verify/run.ts');
    expect(sources.filter((source) => HEAVY.test(source))).toEqual([]);
  });

  it('start --otp-from emulator loads the parts of undici and jose it uses, the emulator code source only, nothing of the emulator', async () => {
    const session = configSession();
    const { stdout, sources, importersOf } = await loadedCode(
      ['start', '--otp-from', 'emulator', '--json', '--domain', emulator.url, '--client-id', 'emulator-native', '--email', 'modules@example.com'],
      { PWLESS_CONFIG_DIR: session.dir },
    );
    expect(JSON.parse(stdout).verification.ok).toBe(true);
    // They do load: the check sees them.
    expect(sources).toContain('node_modules/undici/lib/dispatcher/agent.js');
    expect(sources).toContain('node_modules/jose/dist/webapi/jws/compact/verify.js');
    expect(sources).toContain('src/otp/emulator.ts');
    // Their indexes (all of undici: fetch, WebSocket, caches, mocks; all of jose: JWE, signing) do not.
    expect(sources.filter((source) => /^node_modules\/undici\/index\.js$|^node_modules\/jose\/dist\/webapi\/index\.js$/.test(source))).toEqual([]);
    expect(sources.filter((source) => source.startsWith('node_modules/@inquirer/'))).toEqual([]);
    expect(sources.filter((source) => /^src\/otp\/(mailosaur|mailpit|maildev|sms-gateway|cmd|file|message-poll)\.ts$/.test(source))).toEqual([]);
    expect(sources.filter((source) => /^src\/emulator\/(?!defaults\.ts)/.test(source))).toEqual([]);
    // Nothing of ours serves in a login without --listen: node:http(s) is imported by none of our modules.
    const importers = [...importersOf('node:http'), ...importersOf('node:https')];
    expect(importers.filter((source) => source.startsWith('src/'))).toEqual([]);
  });
});
