/** The flags of `pwless smoke`; the implementation loads when it runs. */
import { Option, type Command } from 'commander';
import { DEFAULT_SCOPE } from '../../../config/resolve.ts';
import type { Execute } from '../../task.ts';
import { collectAuthParam } from '../../login/auth-params.ts';
import { withValues } from '../../completion/values.ts';
import { OTP_SOURCES_HELP } from '../../../otp/source.ts';
import { DEFAULT_OTP_TIMEOUT_SECONDS } from '../../login/code-source.ts';
import { collectRepeated as collect, OTP_ENV_HELP } from '../../flag-values.ts';

export function defineSmokeCommand(smoke: Command, execute: Execute): void {
  smoke
    .option('--email <address>', 'log in this email (connection "email")')
    .option('--phone <e164>', 'log in this phone number by SMS (connection "sms")')
    .option('--connection <name>', 'connection name, when it is not "email" or "sms"')
    .addOption(withValues(new Option('--send <kind>', 'code or link (a link is followed without a browser; default: code)'), ['code', 'link']))
    .option('--scope <scope>', `scope of the token request (default: ${DEFAULT_SCOPE})`)
    .option('--audience <api>', 'API identifier: makes the access token a JWT for that API')
    .option('--redirect-uri <url>', 'authParams.redirect_uri of a magic link')
    .option('--response-type <type>', 'authParams.response_type of a magic link (default: code)')
    .option('--auth-param <key=value>', 'any other authParams entry (repeatable)', collectAuthParam)
    .option('--language <tag>', 'message language: the x-request-language header')
    .option('--otp <code>', 'the code, when you already have it (one run only)')
    .option('--otp-from <source>', `where to read the code or link: ${OTP_SOURCES_HELP}`)
    .option('--otp-timeout <seconds>', `how long --otp-from waits (default: ${DEFAULT_OTP_TIMEOUT_SECONDS})`)
    .option('--otp-env <name>', OTP_ENV_HELP, collect)
    .option('--otp-regex <pattern>', 'how to find the code in a message: its first capture group')
    .option('--client-secret-file <path|->', 'the client secret of a Regular Web App, from a file or stdin (or env PWLESS_CLIENT_SECRET)')
    .option('--userinfo', 'also call GET /userinfo with the access token (a step of its own)')
    .option(
      '--expect-claim <name=value>',
      'ID token claim (dot path; access_token.<path> for a JWT access token) equals value, as JSON when it parses (repeatable)',
      collect,
    )
    .option('--expect-claim-absent <name>', 'the claim is not in the ID token (access_token.<path>: not in the access token) (repeatable)', collect)
    .option('--expect-scope <scope>', 'the scope was granted (repeatable; several separated by spaces)', collect)
    .option('--expect-ttl-min <seconds>', 'the access token lives at least this long (expires_in)')
    .option('--expect-refresh-token', 'a refresh token came back (ask for offline_access)')
    .option('--junit <file>', 'write a JUnit XML report: one testcase per step and per assertion')
    .option(
      '--github-output <name=path>',
      'on GitHub Actions: write a value (access_token, id_token, sub, access_token.<claim>, …) to $GITHUB_OUTPUT, masked (repeatable)',
      collect,
    )
    .addOption(withValues(new Option('--output <format>', 'print the tokens as shell (env) or dotenv assignments on stdout'), ['env', 'dotenv']))
    .option('--repeat <n>', 'run the login n times, for a health and latency check (default: 1)')
    .option('--concurrency <n>', 'runs at a time with --repeat (default: 1)')
    .option('--email-template <template>', "one email per run: {n} is the run number, e.g. 'ci+{n}@example.com'")
    .option('--phone-template <template>', "one phone number per run: {n:4} is the run number in 4 digits, e.g. '+1555000{n:4}'")
    .option('--i-know-this-is-my-tenant', 'allow --repeat over 1000 or --concurrency over 50 against a tenant not on this machine')
    .option('--export <k6 file...>', 'k6 <file>: write the same flow as a k6 load-test script, and run nothing')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      await execute(opts, async (ctx) => (await import('./run.ts')).smoke(opts, ctx));
    });
}
