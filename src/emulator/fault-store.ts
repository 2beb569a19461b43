/**
 * The armed faults, in the order they were armed. A request or message takes the first armed
 * fault that matches it and whose `rate` draw hits; that uses one of the fault's `count`, and a
 * fault whose count is used up is disarmed. The draws come from their own random stream, so with
 * a seed the same requests meet the same faults.
 */
import { isOutboxFault, type EndpointFault, type FaultSpec, type OutboxFault } from './faults.ts';
import type { RandomSource } from './random.ts';

export interface ArmedFault {
  id: string;
  spec: FaultSpec;
  /** Uses left; undefined = until cleared. */
  remaining: number | undefined;
  fired: number;
}

export class FaultStore {
  #armed: ArmedFault[] = [];
  #nextId = 1;
  #draws: RandomSource;

  constructor(draws: RandomSource) {
    this.#draws = draws;
  }

  arm(spec: FaultSpec): ArmedFault {
    const fault: ArmedFault = { id: `fault-${this.#nextId++}`, spec, remaining: spec.count, fired: 0 };
    this.#armed.push(fault);
    return fault;
  }

  list(): ArmedFault[] {
    return [...this.#armed];
  }

  clear(): void {
    this.#armed = [];
  }

  /** A uniform number in [0, 1). */
  #draw(): number {
    return this.#draws.bytes(4).readUInt32BE(0) / 2 ** 32;
  }

  #take<T extends FaultSpec>(matches: (spec: FaultSpec) => spec is T): T | undefined {
    for (const fault of this.#armed) {
      if (!matches(fault.spec)) continue;
      if (fault.spec.rate !== undefined && this.#draw() >= fault.spec.rate) continue;
      fault.fired += 1;
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.#armed = this.#armed.filter((armed) => armed !== fault);
      }
      return fault.spec;
    }
    return undefined;
  }

  /** The fault for a request, if one hits. */
  forRequest(method: string, path: string): EndpointFault | undefined {
    return this.#take((spec): spec is EndpointFault => !isOutboxFault(spec) && spec.endpoint === path && (spec.method === undefined || spec.method === method));
  }

  /** The fault for a message to `to`, if one hits. */
  forMessage(to: string): OutboxFault | undefined {
    return this.#take((spec): spec is OutboxFault => isOutboxFault(spec) && (spec.to === undefined || spec.to.toLowerCase() === to.toLowerCase()));
  }
}

/** The wire form of an armed fault (`GET /__emulator/faults`). */
export function serializeFault(fault: ArmedFault): Record<string, unknown> {
  return { id: fault.id, ...fault.spec, remaining: fault.remaining ?? null, fired: fault.fired };
}
