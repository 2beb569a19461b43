/**
 * `--repeat N --concurrency C`: N runs, C at a time, each with its own identity, through one
 * rate gate (rate-gate.ts); then the summary: successes, failures by exit family, and p50/p95/max
 * per step. The runs are told apart by number in every report.
 */
import type { SmokeRun, SmokeSummary } from '../../render/smoke.ts';
import type { Context } from '../context.ts';
import { exitCodeFor } from '../exit-codes.ts';
import { stepStats } from './percentiles.ts';
import type { ProgressBar } from './progress-bar.ts';
import { MAX_RETRIES_PER_RUN, RateGate } from './rate-gate.ts';

export interface RepeatRequest {
  count: number;
  concurrency: number;
  runOne: (n: number) => Promise<SmokeRun>;
  progress: ProgressBar | undefined;
}

export async function runRepeated(request: RepeatRequest, ctx: Context): Promise<{ runs: SmokeRun[]; summary: SmokeSummary }> {
  const started = Date.now();
  const gate = new RateGate();
  const runs: SmokeRun[] = new Array(request.count);
  let next = 1;
  let done = 0;
  let failed = 0;
  const worker = async () => {
    for (let n = next++; n <= request.count; n = next++) {
      let run: SmokeRun;
      for (let attempt = 0; ; attempt++) {
        await gate.pass(ctx.signal);
        run = await request.runOne(n);
        const wait = attempt < MAX_RETRIES_PER_RUN ? gate.waitFor(run.failure) : undefined;
        if (wait === undefined) break;
        ctx.warn(
          `Run ${n}: rate limited at step ${run.failedStep} (429 too_many_requests); every run waits ${Math.ceil(wait / 1000)} s, as the tenant said, then run ${n} starts again.`,
        );
        gate.shut(wait);
      }
      runs[n - 1] = run;
      done++;
      if (run.failure !== undefined) failed++;
      request.progress?.update(done, failed);
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  return { runs, summary: summarize(runs, request.concurrency, gate, Date.now() - started) };
}

function summarize(runs: readonly SmokeRun[], concurrency: number, gate: RateGate, wallMs: number): SmokeSummary {
  const failures = new Map<string, { exit: number; family: string; count: number }>();
  for (const run of runs) {
    if (run.failure === undefined) continue;
    const family = run.failure.family;
    const entry = failures.get(family) ?? { exit: exitCodeFor(family), family, count: 0 };
    entry.count++;
    failures.set(family, entry);
  }
  return {
    runs: runs.length,
    concurrency,
    successes: runs.filter((run) => run.failure === undefined).length,
    failures: [...failures.values()].sort((a, b) => a.exit - b.exit),
    steps: stepStats(runs),
    rateLimit: { waits: gate.waits, waitedMs: gate.waitedMs },
    failedRuns: runs.filter((run) => run.failure !== undefined).slice(0, 10),
    wallMs,
  };
}
