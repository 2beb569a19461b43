/**
 * Two `pwless verify` of one pending login at once (issue 22, item 6): one gets the tokens and
 * finishes the login, the other is refused (the code is spent) and must not record its wrong try
 * on the login the winner finished. On main the loser re-saved it in 19 of 20 rounds: `pending`
 * listed it as live again, and a bare `verify` then spent a try on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSession } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

const ROUNDS = 3;

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator(['--no-limits']);
});
afterAll(async () => {
  await emu?.stop();
});

describe('two verify of one login at once', () => {
  it(`one finishes it, the other leaves it finished (${ROUNDS} rounds)`, { timeout: 30_000 * ROUNDS }, async () => {
    const outcomes: { codes: (number | null)[]; pending: unknown[] }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { run } = configSession();
      const email = `race${round}@example.com`;
      expect((await run(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', email, '--no-wait'])).code).toBe(0);
      const code = (await outbox(emu.url, email))[0]?.code as string;
      const verifies = await Promise.all([run(['verify', '--otp', code]), run(['verify', '--otp', code])]);
      const pending = JSON.parse((await run(['pending', '--json'])).stdout).pending;
      outcomes.push({ codes: verifies.map((v) => v.code).sort(), pending });
    }
    // Exit 0 for the winner; the loser exit 6 (invalid_grant: the code was spent), or, when it read
    // the config after the winner had finished (a slow start), exit 2 (no pending login). Nothing is left pending.
    for (const { codes, pending } of outcomes) {
      expect([
        [0, 6],
        [0, 2],
      ]).toContainEqual(codes);
      expect(pending).toEqual([]);
    }
  });
});
