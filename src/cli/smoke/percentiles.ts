/**
 * Latency per step over the runs of a --repeat: p50, p95 and max by the nearest-rank method (the
 * smallest value with at least p% of the values at or below it), so every figure is a time one of
 * the runs really took.
 */
import type { SmokeRun, StepName, StepStats } from '../../render/smoke.ts';

export function nearestRank(sorted: readonly number[], percent: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** One row per step that passed at least once, in the flow's order. */
export function stepStats(runs: readonly SmokeRun[]): StepStats[] {
  const byStep = new Map<StepName, number[]>();
  for (const run of runs) {
    for (const step of run.steps) {
      if (step.status !== 'passed') continue;
      const times = byStep.get(step.name) ?? [];
      times.push(step.ms);
      byStep.set(step.name, times);
    }
  }
  return [...byStep].map(([name, times]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return { name, count: sorted.length, p50: nearestRank(sorted, 50), p95: nearestRank(sorted, 95), max: sorted.at(-1) as number };
  });
}
