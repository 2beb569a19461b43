/**
 * A scenario identity through `pwless start` (docs/emulator.md "Scenario identities", E-SCENARIO-1):
 * the default tenant's `+15005550001` answers `sms_provider_error` with Twilio's code 21211, which
 * the CLI reports as a tenant refusal (exit 5) with the provider's code shown.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

describe('scenario identities through pwless start (E-SCENARIO-1, B-START-ERR-16)', () => {
  it('+15005550001: exit 5, sms_provider_error with the provider code 21211', async () => {
    const args = ['start', '--domain', emu.url, '--client-id', 'emulator-native', '--phone', '+15005550001', '--otp-from', 'emulator'];
    const run = await runCli(args, { env: { PWLESS_CONFIG_DIR: join(tempHome(), 'pwless') } });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain("The 'To' number +15005550001 is not a valid phone number. (Code: 21211)");
    const json = await runCli([...args, '--json'], { env: { PWLESS_CONFIG_DIR: join(tempHome(), 'pwless') } });
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'sms_provider_error', status: 400 });
  });
});
