/**
 * `POST /__emulator/reset` and `POST /__emulator/keys/rotate` (docs/emulator.md, "Control API").
 * What a reset forgets and keeps, and what a rotation does, is control-operations.ts, shared with
 * the library API.
 */
import * as control from '../control-operations.ts';
import type { Handler } from '../context.ts';
import { json } from '../respond.ts';
import { readControlBody } from './control-body.ts';

export const reset: Handler = async (req, emu) => {
  await readControlBody(req, true);
  control.resetState(emu);
  return { status: 204 };
};

export const rotateKeys: Handler = async (req, emu) => {
  await readControlBody(req, true);
  const rotated = await control.rotateKeys(emu);
  return json(200, { kid: rotated.kid, previous_kid: rotated.previousKid, keys: rotated.keys });
};
