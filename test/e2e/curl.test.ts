import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

describe('a client no one here wrote', () => {
  it('curl and openssl do discovery, start, outbox, token, and verify the ID token signature (B-DISC-1, B-DISC-2, E-OUTBOX-2)', async () => {
    const script = resolve(import.meta.dirname, 'curl-walkthrough.sh');
    const { stdout } = await promisify(execFile)('bash', [script, emu.url, 'curl@example.com'], { timeout: 20_000 });
    expect(stdout.trim()).toMatch(/^verified email\|[0-9a-f]{24}$/);
  });
});
