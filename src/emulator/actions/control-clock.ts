/**
 * The emulator clock (clock.ts), read and moved through the control API (docs/emulator.md,
 * "Clock"): `GET /__emulator/clock`, `POST /__emulator/clock {"advance_seconds": n}` or
 * `{"now": "<iso>"}`. Moving it expires codes, ages tokens, refills rate-limit buckets and ends
 * brute-force blocks at once. The operations are control-operations.ts, shared with the library API.
 */
import { isoTimeFromMs } from '../clock.ts';
import * as control from '../control-operations.ts';
import type { Handler } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { json, type Reply } from '../respond.ts';
import { onlyKeys, SchemaError } from '../schema.ts';
import { controlCall, readControlBody } from './control-body.ts';

function clockReply(state: control.ClockState): Reply {
  return json(200, { now: isoTimeFromMs(state.epochMs), epoch_ms: state.epochMs, offset_ms: state.offsetMs });
}

export const getClock: Handler = async (_req, emu) => clockReply(control.readClock(emu));

export const advanceClock: Handler = async (req, emu) => {
  const body = await readControlBody(req);
  try {
    onlyKeys('', body, ['advance_seconds', 'now']);
  } catch (err) {
    if (err instanceof SchemaError) throw invalidRequest(`${err.message}.`);
    throw err;
  }
  const given = Object.keys(body).length;
  if (given === 0) throw invalidRequest('advance_seconds or now: one is required.');
  if (given === 2) throw invalidRequest('advance_seconds, now: give one of them, not both.');
  return clockReply(
    await controlCall(() => ('now' in body ? control.setClock(emu, body.now, 'now') : control.advanceClock(emu, body.advance_seconds, 'advance_seconds'))),
  );
};
