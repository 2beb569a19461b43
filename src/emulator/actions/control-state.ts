/**
 * `POST /__emulator/reset` and `POST /__emulator/keys/rotate`.
 *
 * A reset forgets what requests created: codes (and the used and superseded ones), authorization
 * codes, login tickets, users that logged in, outbox messages (and delayed deliveries), refresh tokens, rate-limit buckets, brute-force counts and armed faults.
 * It keeps the tenant, the signing keys, the clock and the random streams, so it never moves
 * time back and tokens signed before it still verify.
 *
 * A rotation makes a new signing key; the old one stays in the JWKS until the next rotation
 * (docs/emulator.md, "Control API").
 */
import type { EmulatorContext, Handler } from '../context.ts';
import { json } from '../respond.ts';
import { readControlBody } from './control-body.ts';

export function resetState(emu: EmulatorContext): void {
  emu.otps.replace([]);
  emu.users.replace([]);
  emu.outbox.clear();
  emu.refreshTokens.replace([]);
  emu.authCodes.replace([]);
  emu.loginTickets.clear();
  emu.limits?.start.clear();
  emu.limits?.token.clear();
  emu.limits?.bruteForce.clear();
  emu.faults.clear();
}

export const reset: Handler = async (req, emu) => {
  await readControlBody(req, true);
  resetState(emu);
  return { status: 204 };
};

export const rotateKeys: Handler = async (req, emu) => {
  await readControlBody(req, true);
  const previous = emu.keys.current;
  const current = await emu.keys.rotate();
  return json(200, { kid: current.kid, previous_kid: previous.kid, keys: emu.keys.publicJwks().map((key) => key.kid) });
};
