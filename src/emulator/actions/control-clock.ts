/**
 * The emulator clock (clock.ts), read and moved through the control API (docs/emulator.md,
 * "Clock"): `GET /__emulator/clock`, `POST /__emulator/clock {"advance_seconds": n}`. Moving
 * it expires codes, ages tokens, refills rate-limit buckets and ends brute-force blocks at once.
 */
import { isoTimeFromMs } from '../clock.ts';
import type { EmulatorContext, Handler } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { json, type Reply } from '../respond.ts';
import { number, onlyKeys, required, SchemaError } from '../schema.ts';
import { readControlBody } from './control-body.ts';

/** Ten years: far enough for any expiry, short of overflowing a Date. */
const MAX_ADVANCE_SECONDS = 10 * 366 * 24 * 3600;

function clockReply(emu: EmulatorContext): Reply {
  const now = emu.clock.now();
  return json(200, { now: isoTimeFromMs(now), epoch_ms: now, offset_ms: emu.clock.offsetMs });
}

export const getClock: Handler = async (_req, emu) => clockReply(emu);

export const advanceClock: Handler = async (req, emu) => {
  const body = await readControlBody(req);
  try {
    onlyKeys('', body, ['advance_seconds']);
    const seconds = required(body, 'advance_seconds', '', (p, v) => number(p, v, 0, MAX_ADVANCE_SECONDS));
    emu.clock.advance(Math.round(seconds * 1000));
  } catch (err) {
    if (err instanceof SchemaError) throw invalidRequest(`${err.message}.`);
    throw err;
  }
  return clockReply(emu);
};
