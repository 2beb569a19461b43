/**
 * Faults through the control API (faults.ts has the schema): `POST /__emulator/faults` arms one
 * fault or a list, `GET` shows the armed ones with their uses left, `DELETE` disarms them all.
 */
import type { Handler } from '../context.ts';
import { invalidRequest } from '../errors.ts';
import { serializeFault } from '../fault-store.ts';
import { type FaultSpec, parseFaults } from '../faults.ts';
import { json } from '../respond.ts';
import { SchemaError } from '../schema.ts';
import { readControlJson } from './control-body.ts';

export const listFaults: Handler = async (_req, emu) => json(200, { faults: emu.faults.list().map(serializeFault) });

export const armFaults: Handler = async (req, emu) => {
  const value = await readControlJson(req);
  let specs: FaultSpec[];
  try {
    specs = parseFaults(value);
  } catch (err) {
    if (err instanceof SchemaError) throw invalidRequest(`Invalid fault: ${err.message}.`);
    throw err;
  }
  const armed = specs.map((spec) => emu.faults.arm(spec));
  return json(201, { faults: armed.map(serializeFault) });
};

export const clearFaults: Handler = async (_req, emu) => {
  emu.faults.clear();
  return { status: 204 };
};
