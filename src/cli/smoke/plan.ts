/**
 * Everything `pwless smoke` needs, read and checked before the first request: the target, the
 * identities, where the code comes from (never a prompt), the expectations, the reports and the
 * bounds of a --repeat. A smoke test that is missing input fails with exit 2 before it sends a
 * code: each send voids the previous code and spends the tenant's rate limit
 * (docs/auth0-behaviour.md, B-OTP-1, B-RATE-1).
 */
import { dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { requireTarget, type Settings } from '../../config/resolve.ts';
import { resolveClientSecret } from '../../config/secret.ts';
import { isLoopback } from '../../core/domain.ts';
import { UsageError } from '../../core/errors.ts';
import type { SendKind } from '../../core/passwordless.ts';
import { assertEmulator } from '../../otp/emulator.ts';
import type { Context } from '../context.ts';
import { codeSourceFrom, type CodeOptions } from '../login/code-source.ts';
import type { CodeSource } from '../login/code-source.ts';
import { identityFrom, type Identity } from '../login/identity.ts';
import type { AuthParamFlags } from '../login/link-params.ts';
import { numberFlag } from '../number-flag.ts';
import { commandSettings } from '../settings.ts';
import { parseExpectations, type Expectation, type ExpectationFlags } from './assertions.ts';
import { REPORT_FILE_CODES, type ReportFlag } from './atomic-write.ts';
import { parseGitHubOutputs, type GitHubOutput } from './github.ts';
import { identityTemplate } from './identity-template.ts';

export interface SmokeOptions extends CodeOptions, ExpectationFlags, AuthParamFlags {
  domain?: string;
  clientId?: string;
  profile?: string;
  email?: string;
  phone?: string;
  connection?: string;
  send?: string;
  scope?: string;
  audience?: string;
  redirectUri?: string;
  language?: string;
  userinfo?: boolean;
  junit?: string;
  githubOutput?: string[];
  output?: string;
  repeat?: string;
  concurrency?: string;
  emailTemplate?: string;
  phoneTemplate?: string;
  iKnowThisIsMyTenant?: boolean;
  export?: string[];
}

/** Above these, a --repeat against a tenant that is not on this machine is refused without --i-know-this-is-my-tenant. */
export const REMOTE_MAX_REPEAT = 1000;
export const REMOTE_MAX_CONCURRENCY = 50;

export type OutputFormat = 'env' | 'dotenv';

export interface SmokePlan {
  base: URL;
  clientId: string;
  clientSecret: string | undefined;
  settings: Settings;
  send: SendKind;
  /** The connection when it is not the channel's own (`email`, `sms`). */
  connection: string | undefined;
  scope: string;
  audience: string | undefined;
  /** Never a prompt: static (--otp) or a source (--otp-from). */
  codeSource: Exclude<CodeSource, { kind: 'prompt' }>;
  authFlags: AuthParamFlags;
  userinfo: boolean;
  expectations: Expectation[];
  /** Run n's identity (1-based). */
  identity: (n: number) => Identity;
  /** The --email/--phone template as given, for the k6 export. */
  identitySpec: { channel: Identity['channel']; template: string };
  repeat: number;
  concurrency: number;
  junit: string | undefined;
  githubOutputs: GitHubOutput[];
  output: OutputFormat | undefined;
  exportK6: string | undefined;
}

export async function planSmoke(options: SmokeOptions, ctx: Context): Promise<SmokePlan> {
  const config = await ctx.store.read();
  const settings = commandSettings(options, ctx, config);
  const { base, clientId } = requireTarget(settings);
  const send = sendKind(options.send);
  const repeat = numberFlag(options.repeat, '--repeat', { min: 1, max: 1_000_000, integer: true, unit: 'runs' }) ?? 1;
  const concurrency = numberFlag(options.concurrency, '--concurrency', { min: 1, max: 1000, integer: true, unit: 'runs at a time' }) ?? 1;
  if (concurrency > repeat)
    throw new UsageError(`--concurrency ${concurrency} is more than --repeat ${repeat}: give at most as many at a time as there are runs.`, {
      code: 'invalid_concurrency',
    });
  checkBounds(base, repeat, concurrency, options.iKnowThisIsMyTenant === true);
  const { identity, identitySpec } = identities(options, settings, repeat, concurrency);
  const codeSource = codeSourceFrom(options, ctx, false, config);
  if (codeSource === undefined) {
    throw new UsageError('pwless smoke never prompts: say where the code comes from.', {
      code: 'no_code_source',
      hint: "Give --otp-from emulator (the emulator's outbox), --otp-from cmd:'<command that prints the message>', env:VAR, file:PATH or stdin.",
    });
  }
  if (codeSource.kind === 'prompt') throw new Error('unreachable: smoke never prompts');
  if (codeSource.kind === 'static' && send === 'link') {
    throw new UsageError('--otp gives a code; a magic link comes from --otp-from <source>.', { code: 'link_expected' });
  }
  if (codeSource.kind === 'static' && repeat > 1) {
    throw new UsageError('--otp gives one code, for one login: with --repeat, use --otp-from <source>.', { code: 'conflicting_options' });
  }
  if (codeSource.kind === 'from' && codeSource.source.kind === 'stdin' && repeat > 1) {
    throw new UsageError('--otp-from stdin reads one line, for one login: with --repeat, use a source each run can read (emulator, cmd:…).', {
      code: 'conflicting_options',
    });
  }
  const output = outputFormat(options.output, options, ctx, repeat);
  const junit = options.junit !== undefined ? checkWritable(options.junit, '--junit') : undefined;
  const githubOutputs = parseGitHubOutputs(options.githubOutput ?? [], ctx.env);
  if (githubOutputs.length > 0 && repeat > 1)
    throw new UsageError('--github-output names the values of one login: drop it, or --repeat.', { code: 'conflicting_options' });
  const exportK6 = exportTarget(options.export);
  const expectations = parseExpectations(options);
  const secret = await resolveClientSecret(options.clientSecretFile, settings, ctx.stdin, ctx.env);
  if (exportK6 === undefined && codeSource.kind === 'from' && codeSource.source.kind === 'emulator') await assertEmulator(base, ctx.http);
  return {
    base,
    clientId,
    clientSecret: secret?.value,
    settings,
    send,
    connection: settings.connection?.value,
    scope: settings.scope.value,
    audience: settings.audience?.value,
    codeSource,
    authFlags: { authParam: options.authParam, responseType: options.responseType },
    userinfo: options.userinfo === true,
    expectations,
    identity,
    identitySpec,
    repeat,
    concurrency,
    junit,
    githubOutputs,
    output,
    exportK6,
  };
}

function sendKind(value: string | undefined): SendKind {
  if (value === undefined || value === 'code' || value === 'link') return value ?? 'code';
  throw new UsageError(`--send ${JSON.stringify(value)} is not valid: use code or link.`, { code: 'invalid_send' });
}

/** A load this size is for a tenant of one's own: on someone else's, it is an attack (and spends their rate limits). */
function checkBounds(base: URL, repeat: number, concurrency: number, confirmed: boolean): void {
  if (confirmed || isLoopback(base.hostname)) return;
  const over = [
    repeat > REMOTE_MAX_REPEAT && `--repeat ${repeat} is over ${REMOTE_MAX_REPEAT}`,
    concurrency > REMOTE_MAX_CONCURRENCY && `--concurrency ${concurrency} is over ${REMOTE_MAX_CONCURRENCY}`,
  ].filter(Boolean);
  if (over.length === 0) return;
  throw new UsageError(`Refused: ${over.join(' and ')} against ${base.host}, which is not on this machine.`, {
    code: 'bound_exceeded',
    hint: `A smoke test is a health check, not a load test: each run sends a real message and spends the tenant's rate limits. If ${base.host} is your own tenant and you mean it, add --i-know-this-is-my-tenant; for load tests, --export k6 <file> writes the flow for k6.`,
  });
}

/** Run n's identity: --email-template / --phone-template, else the one --email or --phone (allowed for one run at a time only). */
function identities(options: SmokeOptions, settings: Settings, repeat: number, concurrency: number): Pick<SmokePlan, 'identity' | 'identitySpec'> {
  if (options.emailTemplate !== undefined && options.phoneTemplate !== undefined) {
    throw new UsageError('Give either --email-template or --phone-template, not both.', { code: 'conflicting_options' });
  }
  const templateFlag = options.emailTemplate !== undefined ? '--email-template' : options.phoneTemplate !== undefined ? '--phone-template' : undefined;
  if (templateFlag !== undefined) {
    if (settings.email?.source === 'flag' || settings.phone?.source === 'flag') {
      throw new UsageError(`Give either ${templateFlag} or --email/--phone, not both.`, { code: 'conflicting_options' });
    }
    const template = (options.emailTemplate ?? options.phoneTemplate) as string;
    const render = identityTemplate(template, templateFlag);
    const at = (n: number) => {
      const value = render(n);
      const sourced = { value, origin: `${templateFlag} (run ${n})`, source: 'flag' as const };
      return templateFlag === '--email-template' ? identityFrom(sourced, undefined) : identityFrom(undefined, sourced);
    };
    const first = at(1);
    // The last run's identity is checked too: a phone template can outgrow E.164's 15 digits.
    at(repeat);
    return { identity: at, identitySpec: { channel: first.channel, template } };
  }
  const one = identityFrom(settings.email, settings.phone);
  if (concurrency > 1) {
    throw new UsageError(
      `--concurrency ${concurrency} needs one identity per run: the tenant keeps only the latest code of each user, so parallel logins of ${one.value} void each other's codes.`,
      {
        code: 'missing_identity',
        hint:
          one.channel === 'email'
            ? "Add --email-template 'ci+{n}@example.com' ({n} is the run number)."
            : "Add --phone-template '+1555000{n:4}' ({n:4}: the run number in 4 digits).",
      },
    );
  }
  return { identity: () => one, identitySpec: { channel: one.channel, template: one.value } };
}

function outputFormat(value: string | undefined, options: SmokeOptions, ctx: Context, repeat: number): OutputFormat | undefined {
  if (value === undefined) return undefined;
  if (value !== 'env' && value !== 'dotenv')
    throw new UsageError(`--output ${JSON.stringify(value)} is not valid: use env or dotenv.`, { code: 'invalid_output_format' });
  if (ctx.json) throw new UsageError('--output and --json both want stdout: give one of them.', { code: 'conflicting_options' });
  if (repeat > 1) throw new UsageError('--output prints the tokens of one login: drop it, or --repeat.', { code: 'conflicting_options' });
  if (options.export !== undefined)
    throw new UsageError('--output prints the tokens of a login, and --export runs none: give one of them.', { code: 'conflicting_options' });
  return value;
}

/** `--export k6 <file>`. */
function exportTarget(values: string[] | undefined): string | undefined {
  if (values === undefined) return undefined;
  if (values.length !== 2 || values[0] !== 'k6') {
    throw new UsageError(`--export ${values.join(' ')} is not valid: give --export k6 <file>.`, {
      code: 'invalid_export',
      hint: 'k6 is the one format: a load-test script of the same flow (https://grafana.com/docs/k6/).',
    });
  }
  return checkWritable(values[1] as string, '--export k6');
}

/** A report path whose directory exists, so that a finished run is never lost for want of a folder. */
function checkWritable(path: string, flag: ReportFlag): string {
  if (!existsSync(dirname(path))) {
    throw new UsageError(`${flag} ${path}: the directory ${dirname(path)} does not exist.`, {
      code: REPORT_FILE_CODES[flag],
      hint: 'Create it first (mkdir -p), or give a path in a directory that exists.',
    });
  }
  return path;
}
