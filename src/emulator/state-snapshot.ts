/**
 * Between a running emulator and the state file (state-file.ts): what is saved, and how a saved
 * state is put back at start.
 */
import { createPrivateKey } from 'node:crypto';
import type { EmulatorContext } from './context.ts';
import { signingKeyOf, type SigningKey } from './keys.ts';
import { exportRandomState, importRandomState } from './random.ts';
import { STATE_VERSION, type SavedState } from './state-file.ts';

export function snapshotState(emu: EmulatorContext): SavedState {
  const keys = [emu.keys.current, emu.keys.previous].filter((key) => key !== undefined);
  const state: SavedState = {
    pwless_emulator_state: STATE_VERSION,
    saved_at: new Date(emu.clock.now()).toISOString(),
    keys: keys.map((key) => key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
    otps: emu.otps.list(),
    retired_otps: emu.otps.listRetired(),
    authorization_codes: emu.authCodes.list(),
    users: emu.users.list(),
    outbox: emu.outbox.list().reverse(),
    refresh_tokens: emu.refreshTokens.list().map(([token, grant]) => ({ token, ...grant })),
  };
  const random = exportRandomState(emu.random);
  if (random !== undefined) state.random = random;
  return state;
}

/** The saved signing keys (current, previous), when there are any. */
export async function savedKeys(state: SavedState | undefined): Promise<SigningKey[]> {
  return Promise.all((state?.keys ?? []).slice(0, 2).map((pem) => signingKeyOf(createPrivateKey(pem))));
}

/** Puts the saved codes, users, messages, refresh tokens and random positions back. */
export function restoreState(emu: EmulatorContext, state: SavedState): void {
  emu.otps.replace(state.otps, state.retired_otps ?? []);
  emu.authCodes.replace(state.authorization_codes ?? []);
  emu.users.replace(state.users);
  emu.outbox.replace(state.outbox);
  const loadedAt = emu.clock.now();
  emu.refreshTokens.replace(state.refresh_tokens.map(({ token, issued_at, ...grant }) => [token, { ...grant, issued_at: issued_at ?? loadedAt }]));
  if (state.random !== undefined) importRandomState(emu.random, state.random);
}
