/**
 * What each command's `--help` says beyond its own flags: the global flags it honours, two or
 * three examples (https://clig.dev/#help: "lead with examples"), the exit codes it can produce
 * (their meanings come from exit-codes.ts, by number) and any closing note. Kept in one table so
 * that the flag lists of the commands stay as they are; test/unit/cli/help.test.ts fails for a
 * command that has no entry here.
 */
import type { Command } from 'commander';
import { ALL_EXIT_CODES, EXIT, exitCodeHelp } from '../exit-codes.ts';
import { setHonouredGlobals } from './configuration.ts';

export interface CommandHelp {
  /** Attribute names of the global flags the command reads (`--no-color` is `color`). */
  globals: readonly string[];
  /** [command line, what it does]; each command line starts with `pwless <the command>`. */
  examples: ReadonlyArray<readonly [string, string]>;
  exits: readonly number[];
  note?: string;
}

const OUTPUT = ['json', 'quiet', 'color'];
const INPUT = ['input'];
const STORE = ['configDir'];
const TARGET = ['profile', 'domain', 'clientId'];
const HTTP = ['verbose', 'timeout', 'caFile', 'insecure', 'traceFile', 'tracePii'];
const ALL = [...OUTPUT, ...INPUT, ...STORE, ...TARGET, ...HTTP];

const { ok, internal, usage, config, network, tenant, code, rate_limit, verification, assertion, interrupted } = EXIT;
const LOGIN_EXITS = [ok, internal, usage, config, network, tenant, code, rate_limit, verification, interrupted];

/** Keyed by the command's path below `pwless` ('' is the program itself). */
export const COMMAND_HELP: Readonly<Record<string, CommandHelp>> = {
  '': {
    globals: ALL,
    examples: [
      ['pwless demo', 'the whole flow against an in-process emulator: no tenant needed'],
      ['pwless profile add dev --domain dev.eu.auth0.com --client-id <id> --default', 'point pwless at a tenant'],
      ['pwless start --email me@example.com', 'send a code, type it at the prompt, see the tokens'],
    ],
    exits: ALL_EXIT_CODES,
    note: `Secrets never come from a flag value: use PWLESS_CLIENT_SECRET or --client-secret-file <path|->.
Proxies: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or lower case) are honoured.
Shell completion: pwless completion bash|zsh|fish (see pwless completion --help).`,
  },
  start: {
    globals: ALL,
    examples: [
      ['pwless start --email me@example.com', 'send a code by email, prompt for it, print the tokens'],
      ['pwless start --phone +14155550123 --no-wait', 'send an SMS code now; finish later with pwless verify'],
      ['pwless start --email me@example.com --send link --listen', 'send a magic link and catch the browser on a loopback port'],
    ],
    exits: LOGIN_EXITS,
  },
  verify: {
    globals: ALL,
    examples: [
      ['pwless verify --otp 123456', 'finish the newest pending login whose code can still be valid'],
      ['pwless verify --phone +14155550123 --otp-from stdin', 'the code of that login, from standard input'],
      ['pwless verify --link -', 'finish a magic-link login with the link in a message piped in'],
    ],
    exits: LOGIN_EXITS,
  },
  token: {
    globals: [...OUTPUT, ...STORE, ...TARGET],
    examples: [
      ['pwless token', 'the saved set of the profile, decoded'],
      ['pwless token --raw access_token', 'only that token (access_token, id_token, refresh_token)'],
      ['pwless token verify --audience https://api.example.com', 'the saved access token, for that API'],
    ],
    exits: [ok, internal, usage, config, network, tenant, code, rate_limit, verification, interrupted],
    note: '`pwless start` saves the tokens of each profile (or domain + client id) unless --no-save.',
  },
  'token show': {
    globals: [...OUTPUT, ...STORE, ...TARGET],
    examples: [
      ['pwless token show', 'the saved tokens of the default profile, decoded'],
      ['pwless token show --raw id_token -p dev', "only profile dev's ID token and a newline, for scripts"],
    ],
    exits: [ok, internal, usage, config],
  },
  'token decode': {
    globals: [...OUTPUT, ...STORE, ...TARGET, 'timeout'],
    examples: [
      ['pwless token decode', 'the saved ID token, decoded, nothing verified'],
      ['pwless token decode eyJhbGciOi...', 'a JWT given as the argument'],
      ['pwless token decode - < id-token.jwt', 'a JWT from standard input'],
    ],
    exits: [ok, internal, usage, config],
  },
  'token verify': {
    globals: [...OUTPUT, ...STORE, ...TARGET, ...HTTP],
    examples: [
      ['pwless token verify', "the saved ID token, against the tenant's keys"],
      ['pwless token verify --audience https://api.example.com', 'the saved access token, for that API'],
      ['pwless token verify --jwks keys.json --issuer https://t.auth0.com/ --client-id abc <jwt>', 'no tenant needed'],
    ],
    exits: [ok, internal, usage, config, network, verification, interrupted],
  },
  'token refresh': {
    globals: ALL,
    examples: [
      ['pwless token refresh', 'new tokens from the saved refresh token (scope offline_access)'],
      ['pwless token refresh --raw access_token', 'print only the new access token'],
    ],
    exits: LOGIN_EXITS,
  },
  'token revoke': {
    globals: ALL,
    examples: [
      ['pwless token revoke', 'revoke the saved refresh token, then forget it (the access and ID tokens stay saved)'],
      ['pwless token revoke -p web --client-secret-file -', 'the same for a Regular Web App, its secret on stdin'],
    ],
    exits: [ok, internal, usage, config, network, tenant, rate_limit, interrupted],
  },
  'token userinfo': {
    globals: [...OUTPUT, ...STORE, ...TARGET, ...HTTP],
    examples: [
      ['pwless token userinfo', "the user's claims from /userinfo, compared with the ID token"],
      ['pwless token userinfo --json -p dev', 'the same for profile dev, as JSON'],
    ],
    exits: [ok, internal, usage, config, network, tenant, rate_limit, verification, interrupted],
  },
  'token clear': {
    globals: [...OUTPUT, ...STORE, ...TARGET],
    examples: [
      ['pwless token clear', 'forget the saved tokens of the default profile'],
      ['pwless token clear --all', 'forget every saved token set'],
    ],
    exits: [ok, internal, usage, config],
  },
  profile: {
    globals: [...OUTPUT, ...STORE],
    examples: [
      ['pwless profile add dev --domain dev.eu.auth0.com --client-id <id> --default', 'a profile for a native app, made the default'],
      ['pwless profile list', 'the profiles; * marks the default'],
      ['pwless profile use stage', 'make stage the default'],
    ],
    exits: [ok, internal, usage, config, interrupted],
  },
  'profile add': {
    globals: [...OUTPUT, ...INPUT, ...STORE, 'domain', 'clientId'],
    examples: [
      ['pwless profile add dev --domain dev.eu.auth0.com --client-id <id> --default', 'a native (public) app'],
      [
        'pwless profile add web --domain t.auth0.com --client-id <id> --type regular_web --secret-ref env:WEB_SECRET',
        'a confidential app; the secret is read at run time',
      ],
      ['pwless profile add ci --from-env', 'from AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET'],
    ],
    exits: [ok, internal, usage, config, interrupted],
  },
  'profile list': {
    globals: [...OUTPUT, ...STORE],
    examples: [
      ['pwless profile list', 'the profiles; * marks the default'],
      ['pwless profile list --json', 'the same, as JSON'],
    ],
    exits: [ok, internal, usage, config],
  },
  'profile show': {
    globals: [...OUTPUT, ...STORE, ...TARGET],
    examples: [
      ['pwless profile show dev', 'what profile dev holds'],
      ['pwless profile show --resolved', 'the settings in force and where each comes from'],
    ],
    exits: [ok, internal, usage, config],
  },
  'profile use': {
    globals: [...OUTPUT, ...STORE],
    examples: [
      ['pwless profile use stage', 'make stage the default profile'],
      ['pwless profile use dev --config-dir ./.pwless', 'the same, in another config dir'],
    ],
    exits: [ok, internal, usage, config],
  },
  'profile remove': {
    globals: [...OUTPUT, ...INPUT, ...STORE],
    examples: [
      ['pwless profile remove old', 'asks first on a terminal'],
      ['pwless profile remove old --yes', 'no question, for scripts'],
    ],
    exits: [ok, internal, usage, config, interrupted],
  },
  'profile rename': {
    globals: [...OUTPUT, ...STORE],
    examples: [
      ['pwless profile rename dev dev-eu', 'its saved tokens follow it'],
      ['pwless profile rename stage staging --json', 'the same, with a JSON answer'],
    ],
    exits: [ok, internal, usage, config],
  },
  pending: {
    globals: [...OUTPUT, ...STORE],
    examples: [
      ['pwless pending', 'the waiting logins, newest first, and whether each code can still be valid'],
      ['pwless pending --json', 'the same for scripts (may_be_live, age_seconds)'],
      ['pwless pending --otp-lifetime 600', 'for a tenant whose codes live ten minutes'],
    ],
    exits: [ok, internal, usage, config],
  },
  'pending clear': {
    globals: [...OUTPUT, ...STORE],
    examples: [
      ['pwless pending clear', 'forget the logins whose code is past its lifetime'],
      ['pwless pending clear --all', 'forget every pending login'],
    ],
    exits: [ok, internal, usage, config],
  },
  config: {
    globals: [...OUTPUT, ...STORE, ...TARGET],
    examples: [
      ['pwless config', 'the settings in force and where each comes from'],
      ['pwless config -p stage --client-id other', 'what a flag changes: the secret of stage is not sent to another app'],
    ],
    exits: [ok, internal, usage, config],
  },
  emulator: {
    globals: OUTPUT,
    examples: [
      ['pwless emulator', 'serve http://127.0.0.1:4010/ with the default tenant'],
      ['pwless emulator --port 0 --seed ci --json', 'a free port and repeatable codes; the URL as JSON on stdout'],
      ['pwless emulator --smtp smtp://127.0.0.1:1025 --sms-gateway http://127.0.0.1:4020/sms', 'also email a mail catcher and POST SMS to a gateway'],
    ],
    exits: [ok, internal, usage, config, interrupted],
  },
  'sms-gateway': {
    globals: OUTPUT,
    examples: [
      ['pwless sms-gateway', "receive on http://127.0.0.1:4011/ (expose it with a tunnel as the connection's gateway_url)"],
      [
        'pwless sms-gateway --port 0 --jwt-secret-file gw.secret --subject urn:Auth0 --audience urn:my-gateway --json',
        'a free port; only requests with a valid bearer JWT; the URL as JSON on stdout',
      ],
      ['pwless sms-gateway --host ::1 --max-messages 100 --show-codes', 'on IPv6 loopback, the last 100 messages, codes shown on stderr'],
    ],
    exits: [ok, internal, usage, interrupted],
  },
  demo: {
    globals: [...OUTPUT, 'verbose', 'timeout', 'traceFile', 'tracePii'],
    examples: [
      ['pwless demo', 'send a code, read it from the outbox, exchange and verify it'],
      ['pwless demo -v', 'the same, with every HTTP exchange on stderr'],
    ],
    exits: [ok, internal, usage, network, verification, interrupted],
  },
  smoke: {
    globals: ALL,
    examples: [
      ['pwless smoke --email ci@example.com --otp-from emulator --junit smoke.xml', 'one login, checked, as a JUnit report'],
      [
        'pwless smoke --email ci@example.com --otp-from emulator --expect-claim email_verified=true --expect-scope openid',
        'fails with exit 9 if a claim or scope differs',
      ],
      [
        "pwless smoke --email-template 'ci+{n}@example.com' --otp-from emulator --repeat 50 --concurrency 5",
        'a health check: successes and p50/p95/max per step',
      ],
    ],
    exits: [...LOGIN_EXITS.filter((x) => x !== interrupted), assertion, interrupted],
    note: `Never prompts: the code comes from --otp-from (or --otp). Nothing is saved: no pending login, no tokens.
On GitHub Actions (GITHUB_ACTIONS=true): ::add-mask:: for every token and code, ::error for the failed step,
a job summary in $GITHUB_STEP_SUMMARY, and --github-output name=<path> into $GITHUB_OUTPUT.`,
  },
  completion: {
    globals: [],
    examples: [
      ['pwless completion bash > ~/.local/share/bash-completion/completions/pwless', 'bash'],
      ['pwless completion zsh > "${fpath[1]}/_pwless"', 'zsh (a directory of your $fpath)'],
      ['pwless completion fish > ~/.config/fish/completions/pwless.fish', 'fish'],
    ],
    exits: [ok, internal, usage],
  },
};

/** Gives every command of the tree that has an entry its Global Options list and its closing sections. */
export function applyCommandHelp(program: Command): void {
  const visit = (cmd: Command, path: string) => {
    const help = COMMAND_HELP[path];
    if (help !== undefined) {
      setHonouredGlobals(cmd, help.globals);
      cmd.addHelpText('after', closingSections(help));
    }
    for (const sub of cmd.commands) visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, '');
}

function closingSections(help: CommandHelp): string {
  const width = Math.max(...help.examples.map(([line]) => line.length));
  const examples = help.examples.map(([line, what]) => (width <= 48 ? `  ${line.padEnd(width)}  ${what}` : `  ${line}\n      ${what}`));
  const sections = [`Examples:\n${examples.join('\n')}`, exitCodeHelp(help.exits)];
  if (help.note !== undefined) sections.push(help.note);
  return `\n${sections.join('\n\n')}`;
}
