/**
 * `pwless smoke`: the passwordless login as one CI step (docs/smoke.md). Everything is checked
 * before the first request (src/cli/smoke/plan.ts); then one run, or a bounded --repeat, of
 * start → code → token → verify → userinfo, each step timed, then the assertions. The result is
 * a view (render/smoke.ts) whose failure is the failed step's own error (its exit code), or the
 * assertion failure (exit 9); the reports (JUnit, GitHub Actions, --output) are written from the
 * same records.
 */
import { UsageError } from '../../../core/errors.ts';
import { classifyToken } from '../../../core/jwt-decode.ts';
import { NO_LINES, outputView, type OutputView, tokenValues } from '../../../render/view.ts';
import { k6Lines, smokeJson, smokeLines, summaryJson, summaryLines, type SmokeRun, type SmokeTarget } from '../../../render/smoke.ts';
import { reportText } from '../../../render/report-text.ts';
import type { Context } from '../../context.ts';
import { envAssignments } from '../../smoke/env-output.ts';
import { GitHubReporter } from '../../smoke/github-reporter.ts';
import { writeFileAtomic } from '../../smoke/atomic-write.ts';
import { junitXml } from '../../smoke/junit.ts';
import { k6Script } from '../../smoke/k6.ts';
import { planSmoke, type SmokeOptions, type SmokePlan } from '../../smoke/plan.ts';
import { progressBar } from '../../smoke/progress-bar.ts';
import { runRepeated } from '../../smoke/repeat.ts';
import { runOnce } from '../../smoke/single-run.ts';

export async function smoke(options: SmokeOptions, ctx: Context): Promise<OutputView> {
  const plan = await planSmoke(options, ctx);
  const target: SmokeTarget = { domain: plan.base.origin, clientId: plan.clientId, send: plan.send };
  if (plan.exportK6 !== undefined) return exportK6(plan, plan.exportK6);
  const github = new GitHubReporter(ctx, ctx.json || plan.output !== undefined);
  const startedAt = new Date();
  if (plan.repeat > 1) return repeated(plan, target, github, startedAt, ctx);
  const { run, tokens } = await runOnce(plan, 1, ctx, (secret) => github.mask(secret));
  writeReports(plan, [run], target, startedAt, reportText(ctx.secrets));
  github.finish([run], undefined, target);
  const idClaims = run.claims.id_token as Record<string, unknown> | undefined;
  if (run.failure === undefined) github.writeOutputs(plan.githubOutputs, tokens, idClaims);
  const json = smokeJson(run, target);
  if (plan.output === undefined) return outputView(json, (c) => smokeLines(run, target, c), run.failure);
  // --output: stdout holds the assignments alone; the report goes to stderr.
  for (const line of smokeLines(run, target, ctx.err)) ctx.printErr(line);
  const format = plan.output;
  const sub = idClaims?.sub;
  if (run.failure !== undefined || tokens === undefined) return outputView(json, NO_LINES, run.failure);
  const assignments = envAssignments(tokens, typeof sub === 'string' ? sub : subOf(tokens.access_token), format);
  // --output: the user asked for the tokens on stdout (docs/smoke.md), so they are not masked there.
  return outputView(json, () => assignments, undefined, tokenValues(tokens));
}

/** A --repeat: the runs say nothing on their own (a warning once per text); the summary speaks for them. */
async function repeated(plan: SmokePlan, target: SmokeTarget, github: GitHubReporter, startedAt: Date, ctx: Context): Promise<OutputView> {
  const said = new Set<string>();
  const quiet: Context = {
    ...ctx,
    progress: () => {},
    warn: (line) => {
      if (said.has(line)) return;
      said.add(line);
      ctx.warn(line);
    },
  };
  // A bar on a terminal only: in a CI log, or under --json, it would be noise.
  const bar = ctx.stderrIsTTY && !ctx.json ? progressBar(plan.repeat, ctx.printErr) : undefined;
  const { runs, summary } = await runRepeated(
    {
      count: plan.repeat,
      concurrency: plan.concurrency,
      progress: bar,
      runOne: async (n) => (await runOnce(plan, n, quiet, (secret) => github.mask(secret))).run,
    },
    quiet,
  );
  writeReports(plan, runs, target, startedAt, reportText(ctx.secrets));
  github.finish(runs, summary, target);
  return outputView(summaryJson(summary, target), (c) => summaryLines(summary, target, c), summary.failedRuns[0]?.failure);
}

/** --export k6: the script is written, and no login is run. */
function exportK6(plan: SmokePlan, file: string): OutputView {
  if (plan.send === 'link') throw new UsageError('--export k6 writes the code flow: drop --send link.', { code: 'conflicting_options' });
  const emulator = plan.codeSource.kind === 'from' && plan.codeSource.source.kind === 'emulator';
  writeFileAtomic(file, k6Script(plan, emulator), '--export k6');
  const json = { exported: { format: 'k6', file, runs: plan.repeat, concurrency: plan.concurrency, code_step: emulator ? 'emulator outbox' : 'placeholder' } };
  return outputView(json, () => k6Lines(file, emulator));
}

/** The report files: like every line pwless writes, their text has the run's secrets masked (docs/security.md). */
function writeReports(plan: SmokePlan, runs: readonly SmokeRun[], target: SmokeTarget, startedAt: Date, clean: (text: string) => string): void {
  if (plan.junit !== undefined) writeFileAtomic(plan.junit, junitXml(runs, target, startedAt, clean), '--junit');
}

function subOf(accessToken: string): string | undefined {
  const access = classifyToken(accessToken);
  return access.format === 'jwt' && typeof access.claims.sub === 'string' ? access.claims.sub : undefined;
}
