/**
 * Everything `pwless smoke` says, in one place: the record of a run (its timed steps, its
 * assertions, the claims it saw), the --json document, the human report, the summary of a
 * --repeat, and the Markdown of a GitHub Actions step summary. The JUnit file and the workflow
 * commands are written by src/cli/smoke/ from these same records. No token is ever part of them:
 * a smoke report is meant to be pasted into CI logs (docs/smoke.md).
 */
import type { ChalkInstance } from 'chalk';
import type { PwlessError } from '../core/errors.ts';
import { errorJson } from './output.ts';

/** The steps of one smoke run, in order; `link` replaces `code` for --send link. */
export type StepName = 'start' | 'code' | 'link' | 'token' | 'verify' | 'userinfo';

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepRecord {
  name: StepName;
  status: StepStatus;
  /** Wall time of the step in milliseconds (0 for a skipped one). */
  ms: number;
  /** Why it was skipped, or a detail of what it did ("RS256", "from the emulator's outbox"). */
  note?: string | undefined;
  error?: PwlessError | undefined;
}

export interface AssertionRecord {
  /** `claim email`, `absent claim nickname`, `scope read:orders`, `ttl`, `refresh_token`. */
  name: string;
  expected: string;
  found: string;
  /** null: not checked, because the run failed before there were tokens. */
  ok: boolean | null;
}

export interface SmokeRun {
  /** 1-based run number (1 for a single run). */
  n: number;
  identity: string;
  steps: StepRecord[];
  assertions: AssertionRecord[];
  /** Decoded claims: id_token, access_token (when a JWT), userinfo (with --userinfo). */
  claims: Record<string, unknown>;
  /** The step failure, else the assertion failure; it sets the exit code. */
  failure: PwlessError | undefined;
  failedStep: StepName | undefined;
}

export interface SmokeTarget {
  domain: string;
  clientId: string;
  send: 'code' | 'link';
}

/** What each step is, for humans and for JUnit testcase names. */
export const STEP_TITLES: Readonly<Record<StepName, string>> = {
  start: 'POST /passwordless/start',
  code: 'read the code',
  link: 'read the link',
  token: 'POST /oauth/token',
  verify: 'verify the ID token',
  userinfo: 'GET /userinfo',
};

export function stepJson(step: StepRecord): Record<string, unknown> {
  return {
    name: step.name,
    status: step.status,
    ms: step.ms,
    ...(step.note !== undefined ? { note: step.note } : {}),
    ...(step.error !== undefined ? { error: errorJson(step.error) } : {}),
  };
}

/** The --json document of a single run (main.ts adds `ok` and, on failure, `error`). */
export function smokeJson(run: SmokeRun, target: SmokeTarget): Record<string, unknown> {
  return {
    target: { domain: target.domain, client_id: target.clientId, identity: run.identity, send: target.send },
    ...(run.failedStep !== undefined ? { failed_step: run.failedStep } : {}),
    steps: run.steps.map(stepJson),
    claims: run.claims,
    assertions: run.assertions,
    ms: totalMs(run),
  };
}

export function totalMs(run: SmokeRun): number {
  return run.steps.reduce((sum, step) => sum + step.ms, 0);
}

export function smokeLines(run: SmokeRun, target: SmokeTarget, c: ChalkInstance): string[] {
  const lines = [c.bold(`Smoke test: ${run.identity} on ${target.domain} (client ${target.clientId}, ${target.send})`), ...stepLines(run.steps, c)];
  if (run.assertions.length > 0) lines.push('', c.bold('Assertions'), ...assertionLines(run.assertions, c));
  lines.push('', verdictLine(run, c));
  return lines;
}

function stepLines(steps: readonly StepRecord[], c: ChalkInstance): string[] {
  const width = Math.max(...steps.map((s) => s.name.length));
  return steps.map((step) => {
    const mark = step.status === 'passed' ? c.green('✓') : step.status === 'failed' ? c.red('✗') : c.yellow('–');
    const time = step.status === 'skipped' ? c.dim('skipped') : `${step.ms} ms`;
    const detail = step.error !== undefined ? c.red(step.error.message) : step.note !== undefined ? c.dim(step.note) : '';
    return `  ${mark} ${step.name.padEnd(width)}  ${STEP_TITLES[step.name].padEnd(25)} ${time.padStart(8)}  ${detail}`.trimEnd();
  });
}

function assertionLines(assertions: readonly AssertionRecord[], c: ChalkInstance): string[] {
  const width = Math.max(...assertions.map((a) => a.name.length));
  return assertions.map((a) => {
    const mark = a.ok === true ? c.green('✓') : a.ok === false ? c.red('✗') : c.yellow('–');
    const found = a.ok === false ? c.red(a.found) : a.found;
    return `  ${mark} ${a.name.padEnd(width)}  expected ${a.expected}, found ${found}`;
  });
}

function verdictLine(run: SmokeRun, c: ChalkInstance): string {
  const ran = run.steps.filter((s) => s.status !== 'skipped').length;
  if (run.failure === undefined) {
    return c.green(
      `Passed: ${ran} step${ran === 1 ? '' : 's'}${run.assertions.length > 0 ? `, ${run.assertions.length} assertion${run.assertions.length === 1 ? '' : 's'}` : ''} in ${totalMs(run)} ms.`,
    );
  }
  if (run.failedStep !== undefined) return c.red(`Failed at step ${run.failedStep} (${STEP_TITLES[run.failedStep]}): ${run.failure.message}`);
  const failed = run.assertions.filter((a) => a.ok === false).length;
  return c.red(`Failed: ${failed} of ${run.assertions.length} assertion${run.assertions.length === 1 ? '' : 's'} did not hold.`);
}

/** The description of the exit-9 error: every failed assertion with what it expected and found. */
export function assertionFailureText(failed: readonly AssertionRecord[]): string {
  const list = failed.map((a) => `${a.name} (expected ${a.expected}, found ${a.found})`).join('; ');
  return `${failed.length} assertion${failed.length === 1 ? '' : 's'} failed: ${list}.`;
}

/** p50, p95 and max of one step over the runs where it passed. */
export interface StepStats {
  name: StepName;
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export interface FailureCount {
  exit: number;
  family: string;
  count: number;
}

export interface SmokeSummary {
  runs: number;
  concurrency: number;
  successes: number;
  failures: FailureCount[];
  steps: StepStats[];
  rateLimit: { waits: number; waitedMs: number };
  /** The first failed runs (at most 10), for the report. */
  failedRuns: SmokeRun[];
  wallMs: number;
}

export function summaryJson(summary: SmokeSummary, target: SmokeTarget): Record<string, unknown> {
  return {
    target: { domain: target.domain, client_id: target.clientId, send: target.send },
    runs: summary.runs,
    concurrency: summary.concurrency,
    successes: summary.successes,
    failures: summary.failures,
    steps: summary.steps,
    rate_limit: { waits: summary.rateLimit.waits, waited_ms: summary.rateLimit.waitedMs },
    failed_runs: summary.failedRuns.map((run) => ({
      n: run.n,
      identity: run.identity,
      failed_step: run.failedStep ?? null,
      error: run.failure ? errorJson(run.failure) : null,
    })),
    ms: summary.wallMs,
  };
}

export function summaryLines(summary: SmokeSummary, target: SmokeTarget, c: ChalkInstance): string[] {
  const failed = summary.runs - summary.successes;
  const lines = [
    c.bold(`Smoke test: ${summary.runs} runs, ${summary.concurrency} at a time, on ${target.domain} (client ${target.clientId}, ${target.send})`),
    `  ${c.green(`${summary.successes} passed`)}, ${failed > 0 ? c.red(`${failed} failed`) : '0 failed'} in ${summary.wallMs} ms`,
  ];
  for (const f of summary.failures) lines.push(`    ${c.red(`${f.count} × exit ${f.exit}`)} (${f.family})`);
  if (summary.rateLimit.waits > 0) {
    lines.push(
      `  ${c.yellow(`rate limited ${summary.rateLimit.waits} time${summary.rateLimit.waits === 1 ? '' : 's'}`)}: waited ${summary.rateLimit.waitedMs} ms in all, as the tenant said`,
    );
  }
  lines.push(
    '',
    c.bold('Latency per step (ms, passed runs)'),
    `  ${'step'.padEnd(9)}${'runs'.padStart(6)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}`,
  );
  for (const s of summary.steps)
    lines.push(`  ${s.name.padEnd(9)}${String(s.count).padStart(6)}${String(s.p50).padStart(8)}${String(s.p95).padStart(8)}${String(s.max).padStart(8)}`);
  if (summary.failedRuns.length > 0) {
    lines.push('', c.bold('First failures'));
    for (const run of summary.failedRuns) lines.push(`  run ${run.n} (${run.identity}) at ${run.failedStep ?? 'assertions'}: ${run.failure?.message ?? ''}`);
  }
  return lines;
}

/**
 * The GitHub Actions job summary (Markdown, appended to $GITHUB_STEP_SUMMARY). `clean` masks the
 * run's secrets and escapes controls in each cell's text (report-text.ts), before the Markdown escaping.
 */
export function smokeMarkdown(runs: readonly SmokeRun[], summary: SmokeSummary | undefined, target: SmokeTarget, clean: (text: string) => string): string {
  const cell = (text: string) => clean(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|');
  const mark = (ok: boolean | null) => (ok === true ? '✅' : ok === false ? '❌' : '➖');
  const lines: string[] = [];
  if (summary !== undefined) {
    lines.push(`### pwless smoke: ${summary.successes}/${summary.runs} passed on ${cell(target.domain)}`, '');
    lines.push('| step | runs | p50 ms | p95 ms | max ms |', '|---|---:|---:|---:|---:|');
    for (const s of summary.steps) lines.push(`| ${s.name} | ${s.count} | ${s.p50} | ${s.p95} | ${s.max} |`);
    if (summary.failures.length > 0) {
      lines.push('', '| exit | family | runs |', '|---:|---|---:|');
      for (const f of summary.failures) lines.push(`| ${f.exit} | ${f.family} | ${f.count} |`);
    }
    return `${lines.join('\n')}\n`;
  }
  const run = runs[0] as SmokeRun;
  lines.push(
    `### pwless smoke: ${run.failure === undefined ? '✅ passed' : `❌ failed${run.failedStep ? ` at ${run.failedStep}` : ''}`} on ${cell(target.domain)}`,
    '',
  );
  lines.push('| | step | ms | detail |', '|---|---|---:|---|');
  for (const step of run.steps) {
    const detail = step.error?.message ?? step.note ?? '';
    lines.push(
      `| ${step.status === 'skipped' ? '➖' : mark(step.status === 'passed')} | ${step.name} | ${step.status === 'skipped' ? '' : step.ms} | ${cell(detail)} |`,
    );
  }
  if (run.assertions.length > 0) {
    lines.push('', '| | assertion | expected | found |', '|---|---|---|---|');
    for (const a of run.assertions) lines.push(`| ${mark(a.ok)} | ${cell(a.name)} | ${cell(a.expected)} | ${cell(a.found)} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function k6Lines(file: string, emulator: boolean): string[] {
  return [
    `Wrote the login flow as a k6 script: ${file}`,
    emulator
      ? `  Its code step reads the emulator's outbox. Run it with: k6 run ${file}`
      : `  Its code step is a placeholder (getCode): fill it in with your mail catcher, then run: k6 run ${file}`,
  ];
}
