/**
 * What a smoke run tells GitHub Actions, in the order the runner needs it: masks the moment a
 * secret is known (on stderr when stdout belongs to --json or --output, so the document stays
 * one document), then, once the run is over, the error annotation of the failed step, the job
 * summary and the --github-output values. Off the runner, only --github-output is honoured
 * (and it needs $GITHUB_OUTPUT).
 */
import type { TokenSet } from '../../core/token-endpoint.ts';
import { reportText } from '../../render/report-text.ts';
import { smokeMarkdown, STEP_TITLES, type SmokeRun, type SmokeSummary, type SmokeTarget } from '../../render/smoke.ts';
import type { Context } from '../context.ts';
import {
  appendGitHubOutput,
  appendStepSummary,
  errorCommand,
  githubOutputText,
  maskCommands,
  onGitHubActions,
  outputValue,
  type GitHubOutput,
} from './github.ts';

export class GitHubReporter {
  readonly active: boolean;
  readonly #masked = new Set<string>();
  readonly #write: (line: string, revealed: readonly string[]) => void;
  private readonly ctx: Context;

  constructor(ctx: Context, stdoutIsMachineReadable: boolean) {
    this.ctx = ctx;
    this.active = onGitHubActions(ctx.env);
    this.#write = stdoutIsMachineReadable ? ctx.printErr : ctx.print;
  }

  /** `::add-mask::` once per secret; a no-op off GitHub Actions. */
  mask(value: string): void {
    if (!this.active || value === '' || this.#masked.has(value)) return;
    this.#masked.add(value);
    // The one place a secret is written on purpose outside the result: the runner reads the command and hides the value
    // in the rest of the log; the writers, which mask every secret they know, are told to leave this one whole.
    for (const line of maskCommands(value)) this.#write(line, [line.slice('::add-mask::'.length)]);
  }

  /** The annotation of the failure and the job summary. */
  finish(runs: readonly SmokeRun[], summary: SmokeSummary | undefined, target: SmokeTarget): void {
    if (!this.active) return;
    const failed = runs.find((run) => run.failure !== undefined);
    if (failed?.failure !== undefined) {
      const where = failed.failedStep !== undefined ? `step ${failed.failedStep} (${STEP_TITLES[failed.failedStep]})` : 'assertions';
      const run = summary !== undefined ? ` (run ${failed.n} of ${summary.runs})` : '';
      this.ctx.printErr(errorCommand(`pwless smoke: ${where} failed${run}`, failed.failure.message));
    }
    appendStepSummary(this.ctx.env, smokeMarkdown(runs, summary, target, reportText(this.ctx.secrets)));
  }

  /** --github-output: each value masked first, then written to $GITHUB_OUTPUT. */
  writeOutputs(outputs: readonly GitHubOutput[], tokens: TokenSet | undefined, idClaims: Record<string, unknown> | undefined): void {
    if (outputs.length === 0 || tokens === undefined) return;
    const entries: [string, string][] = [];
    for (const { name, path } of outputs) {
      const value = outputValue(path, tokens, idClaims);
      if (value === undefined) {
        this.ctx.warn(`--github-output ${name}=${path}: the login gave no such value; the output is not set.`);
        continue;
      }
      this.mask(value);
      entries.push([name, value]);
    }
    if (entries.length > 0) appendGitHubOutput(this.ctx.env, githubOutputText(entries));
  }
}
