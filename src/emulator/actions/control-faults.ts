/**
 * Faults through the control API (faults.ts has the schema): `POST /__emulator/faults` arms one
 * fault or a list, `GET` shows the armed ones with their uses left, `DELETE` disarms them all.
 * The operations are control-operations.ts, shared with the library API.
 */
import * as control from '../control-operations.ts';
import type { Handler } from '../context.ts';
import { serializeFault } from '../fault-store.ts';
import { json } from '../respond.ts';
import { controlCall, readControlJson } from './control-body.ts';

export const listFaults: Handler = async (_req, emu) => json(200, { faults: control.listFaults(emu).map(serializeFault) });

export const armFaults: Handler = async (req, emu) => {
  const value = await readControlJson(req);
  const armed = await controlCall(() => control.armFaults(emu, value));
  return json(201, { faults: armed.map(serializeFault) });
};

export const clearFaults: Handler = async (_req, emu) => {
  control.clearFaults(emu);
  return { status: 204 };
};
