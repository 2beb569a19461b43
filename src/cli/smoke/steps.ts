/**
 * The timed steps of one smoke run. Each step runs once; its wall time is measured around it, and
 * a failure is kept with the step's name and its own typed error (so its own exit code). After a
 * failed step, the rest are recorded as skipped: the report always lists the whole flow.
 */
import { performance } from 'node:perf_hooks';
import type { PwlessError } from '../../core/errors.ts';
import type { StepName, StepRecord } from '../../render/smoke.ts';
import { toPwlessError } from '../errors.ts';

/** Thrown by a failed step to end the run; the runner reads the step and the error. */
export class StepFailed extends Error {
  readonly step: StepName;
  readonly error: PwlessError;

  constructor(step: StepName, error: PwlessError) {
    super(`${step}: ${error.message}`);
    this.step = step;
    this.error = error;
  }
}

export class StepTimer {
  readonly steps: StepRecord[] = [];

  /** Runs the step; `note` may describe what it did once it has its value. */
  async run<T>(name: StepName, work: () => Promise<T>, note?: (value: T) => string | undefined): Promise<T> {
    const started = performance.now();
    try {
      const value = await work();
      this.steps.push({ name, status: 'passed', ms: elapsed(started), note: note?.(value) });
      return value;
    } catch (thrown) {
      const error = toPwlessError(thrown);
      if (error === undefined) throw thrown;
      this.steps.push({ name, status: 'failed', ms: elapsed(started), error });
      throw new StepFailed(name, error);
    }
  }

  skip(name: StepName, note: string): void {
    this.steps.push({ name, status: 'skipped', ms: 0, note });
  }

  /** Records the planned steps that never ran, after a failure. */
  skipRest(planned: readonly StepName[], failed: StepName): void {
    for (const name of planned) if (!this.steps.some((s) => s.name === name)) this.skip(name, `not run: the ${failed} step failed`);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
