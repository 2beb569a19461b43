/**
 * The JUnit XML report of `--junit <file>`, in the form CI servers read (GitHub's test reporters,
 * GitLab's `artifacts:reports:junit`, Jenkins' junit step): the Ant JUnit schema's `<testsuites>`
 * with one `<testsuite>` (name, tests, failures, errors, skipped, time, timestamp, hostname, id,
 * package; `<properties>`, `<system-out>`, `<system-err>`), one `<testcase name classname time>`
 * per step and per assertion, and `<failure message type>` for each failed one. Times are in
 * seconds (https://github.com/windyroad/JUnit-Schema/blob/master/JUnit.xsd,
 * https://docs.gitlab.com/ci/testing/unit_test_reports/).
 */
import { hostname } from 'node:os';
import { STEP_TITLES, type SmokeRun, type SmokeTarget } from '../../render/smoke.ts';

interface TestCase {
  name: string;
  classname: string;
  seconds: number;
  failure?: { message: string; type: string; text: string } | undefined;
  skipped?: string | undefined;
}

/** `clean` masks the run's secrets and escapes controls in the free text (src/render/report-text.ts), before the XML escaping. */
export function junitXml(runs: readonly SmokeRun[], target: SmokeTarget, startedAt: Date, clean: (text: string) => string): string {
  const many = runs.length > 1;
  const cases: TestCase[] = runs.flatMap((run) => casesOf(run, many, clean));
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const seconds = cases.reduce((sum, c) => sum + c.seconds, 0);
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${secondsText(seconds)}"`;
  // xs:dateTime without a zone, as the schema's ISO8601_DATETIME_PATTERN has it.
  const timestamp = startedAt.toISOString().replace(/\.\d{3}Z$/, '');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pwless smoke" ${counts}>`,
    `  <testsuite name="pwless smoke" ${counts} timestamp="${timestamp}" hostname="${attr(hostname())}" id="0" package="pwless">`,
    '    <properties>',
    `      <property name="domain" value="${attr(clean(target.domain))}"/>`,
    `      <property name="client_id" value="${attr(target.clientId)}"/>`,
    `      <property name="send" value="${target.send}"/>`,
    `      <property name="runs" value="${runs.length}"/>`,
    '    </properties>',
    ...cases.map(caseXml),
    '    <system-out/>',
    '    <system-err/>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function casesOf(run: SmokeRun, many: boolean, clean: (text: string) => string): TestCase[] {
  const prefix = many ? `run ${run.n}: ` : '';
  const classname = `pwless.smoke.${many ? `run${run.n}` : 'login'}`;
  const steps = run.steps.map(
    (step): TestCase => ({
      name: `${prefix}${step.name} (${STEP_TITLES[step.name]})`,
      classname,
      seconds: step.ms / 1000,
      failure:
        step.error !== undefined
          ? { message: clean(step.error.message), type: step.error.code, text: clean(step.error.hint ?? step.error.message) }
          : undefined,
      skipped: step.status === 'skipped' ? clean(step.note ?? 'skipped') : undefined,
    }),
  );
  const assertions = run.assertions.map(
    (a): TestCase => ({
      name: `${prefix}assert ${a.name}`,
      classname: `${classname}.assertions`,
      seconds: 0,
      failure:
        a.ok === false
          ? {
              message: clean(`expected ${a.expected}, found ${a.found}`),
              type: 'assertion_failed',
              text: clean(`${a.name}: expected ${a.expected}, found ${a.found}`),
            }
          : undefined,
      skipped: a.ok === null ? clean(a.found) : undefined,
    }),
  );
  return [...steps, ...assertions];
}

function caseXml(c: TestCase): string {
  const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="${secondsText(c.seconds)}"`;
  if (c.failure !== undefined) {
    return `${open}>\n      <failure message="${attr(c.failure.message)}" type="${attr(c.failure.type)}">${text(c.failure.text)}</failure>\n    </testcase>`;
  }
  if (c.skipped !== undefined) return `${open}>\n      <skipped message="${attr(c.skipped)}"/>\n    </testcase>`;
  return `${open}/>`;
}

function secondsText(seconds: number): string {
  return seconds.toFixed(3);
}

/** Characters XML 1.0 does not allow at all (§2.2) are dropped; the five special ones escaped. */
function text(value: string): string {
  return [...value].filter(xmlChar).join('').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** XML 1.0 §2.2 Char: tab, newline, carriage return, and from U+0020 on, except U+FFFE and U+FFFF. */
function xmlChar(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff);
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
