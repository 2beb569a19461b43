/**
 * Every command's --help, rendered in-process from the real commander tree: it lists every flag
 * the command accepts (its own, the global flags it honours, and for `token` and `profile` those
 * of their subcommands), every option key its implementation reads (the hand-kept READS below,
 * from the options interfaces: StartOptions, VerifyOptions, TokenVerifyOptions, …), examples that
 * use real flags, and its exit codes. A new command or flag is covered without editing this file;
 * a new command fails until it has examples and a READS entry.
 */
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { defaultSubcommandOf, honouredGlobalOptions } from '../../../src/cli/help/configuration.ts';
import { testProgram } from './test-program.ts';

/** Option keys (commander attribute names) each implementation reads, by command path ('' is pwless). */
const READS: Record<string, readonly string[]> = {
  // GlobalOptions (context.ts): what createContext reads for every command.
  '': ['json', 'quiet', 'color', 'input', 'verbose', 'timeout', 'profile', 'configDir', 'caFile', 'insecure', 'traceFile', 'tracePii'],
  // StartOptions + CodeOptions, the profile (settings.ts) and showTokens (createContext).
  start: [
    'domain',
    'clientId',
    'profile',
    'email',
    'phone',
    'connection',
    'send',
    'scope',
    'audience',
    'redirectUri',
    'state',
    'nonce',
    'responseType',
    'authParam',
    'language',
    'forwardedFor',
    'clientSecretFile',
    'wait',
    'save',
    'listen',
    'listenTimeout',
    'otp',
    'otpFrom',
    'otpTimeout',
    'otpRegex',
    'otpEnv',
    'showTokens',
    'curl',
  ],
  // VerifyOptions + CodeOptions.
  verify: [
    'domain',
    'clientId',
    'profile',
    'email',
    'phone',
    'connection',
    'scope',
    'audience',
    'clientSecretFile',
    'save',
    'link',
    'otp',
    'otpFrom',
    'otpTimeout',
    'otpRegex',
    'otpEnv',
    'showTokens',
    'otpLifetime',
    'curl',
  ],
  // Bare `token` runs `show`.
  token: ['profile', 'domain', 'clientId', 'raw', 'showTokens'],
  'token show': ['profile', 'domain', 'clientId', 'raw', 'showTokens'],
  // SettingFlags through readJwtInput, and the stdin deadline (ctx.http.timeoutMs).
  'token decode': ['profile', 'domain', 'clientId', 'timeout'],
  'token verify': ['profile', 'domain', 'clientId', 'nonce', 'leeway', 'maxAge', 'audience', 'jwks', 'issuer', 'verbose', 'timeout', 'curl'],
  'token refresh': ['profile', 'domain', 'clientId', 'clientSecretFile', 'raw', 'showTokens', 'leeway', 'verbose', 'timeout', 'curl'],
  'token revoke': ['profile', 'domain', 'clientId', 'clientSecretFile', 'verbose', 'timeout', 'curl'],
  'token userinfo': ['profile', 'domain', 'clientId', 'verbose', 'timeout', 'curl'],
  'token clear': ['profile', 'domain', 'clientId', 'all'],
  profile: ['configDir'],
  // ProfileAddOptions + ProfileDefaults.
  'profile add': [
    'domain',
    'clientId',
    'type',
    'clientSecretFile',
    'secretRef',
    'authParam',
    'default',
    'force',
    'fromEnv',
    'connection',
    'email',
    'phone',
    'scope',
    'audience',
    'redirectUri',
    'forwardedFor',
    'language',
    'input',
    'configDir',
  ],
  'profile list': ['configDir', 'json'],
  'profile show': ['resolved', 'profile', 'domain', 'clientId', 'configDir'],
  'profile use': ['configDir'],
  'profile remove': ['yes', 'input', 'configDir'],
  'profile rename': ['configDir'],
  // PendingOptions.
  pending: ['otpLifetime', 'configDir', 'json'],
  'pending clear': ['all', 'otpLifetime', 'configDir'],
  config: ['profile', 'domain', 'clientId', 'configDir'],
  // EmulatorCommandOptions.
  emulator: [
    'port',
    'host',
    'tenant',
    'seed',
    'key',
    'otpLength',
    'otpTtl',
    'clock',
    'stateFile',
    'limits',
    'startLimit',
    'tokenLimit',
    'bruteForceThreshold',
    'outboxPerRecipient',
    'outboxTotal',
    'fault',
    'tlsCert',
    'tlsKey',
    'smtp',
    'smtpFailure',
    'smtpTimeout',
    'smsGateway',
    'smsGatewaySecretFile',
    'smsGatewaySecretBase64',
    'smsGatewaySubject',
    'smsGatewayAudience',
    'smsGatewayForwardReqInfo',
    'smsGatewayTimeout',
    'json',
  ],
  // SmsGatewayOptions.
  'sms-gateway': ['port', 'host', 'jwtSecretFile', 'subject', 'audience', 'secretBase64', 'maxMessages', 'showCodes', 'json'],
  demo: ['showTokens', 'verbose'],
  // SmokeOptions (src/cli/smoke/plan.ts) + CodeOptions + ExpectationFlags.
  smoke: [
    'domain',
    'clientId',
    'profile',
    'email',
    'phone',
    'connection',
    'send',
    'scope',
    'audience',
    'redirectUri',
    'responseType',
    'authParam',
    'language',
    'otp',
    'otpFrom',
    'otpTimeout',
    'otpRegex',
    'otpEnv',
    'clientSecretFile',
    'userinfo',
    'expectClaim',
    'expectClaimAbsent',
    'expectScope',
    'expectTtlMin',
    'expectRefreshToken',
    'junit',
    'githubOutput',
    'output',
    'repeat',
    'concurrency',
    'emailTemplate',
    'phoneTemplate',
    'iKnowThisIsMyTenant',
    'export',
  ],
  completion: [],
};

interface Node {
  path: string;
  cmd: Command;
}

/** Every command a user can see: the program and its visible subcommands, depth first. */
function commandsOf(program: Command): Node[] {
  const nodes: Node[] = [];
  const visit = (cmd: Command, path: string) => {
    nodes.push({ path, cmd });
    for (const sub of cmd.commands) {
      if ((sub as unknown as { _hidden?: boolean })._hidden) continue;
      visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
    }
  };
  visit(program, '');
  return nodes;
}

async function helpOf(path: string): Promise<string> {
  const out = { text: '' };
  const args = path === '' ? ['--help'] : [...path.split(' '), '--help'];
  const program = await testProgram(args, out);
  await expect(program.parseAsync(['node', 'pwless', ...args])).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
  return out.text;
}

const visible = (options: readonly Option[]) => options.filter((option) => !option.hidden);
const ownOptions = (cmd: Command) => visible(cmd.options);
/** A command's help also lists its subcommands' flags; the program's lists its commands, not their flags. */
const subcommandOptions = (cmd: Command) => (cmd.parent ? cmd.commands.flatMap((sub) => visible(sub.options)) : []);
/** What a command accepts and documents: its own options, the global ones it honours, its subcommands'. */
const documentedOptions = (cmd: Command) => [...ownOptions(cmd), ...(cmd.parent ? honouredGlobalOptions(cmd) : []), ...subcommandOptions(cmd)];

const nodes = commandsOf(await testProgram());

describe('--help of every command', () => {
  it('covers every command, and READS names each one', () => {
    const paths = nodes.map((node) => node.path);
    expect(paths).toEqual(expect.arrayContaining(['', 'start', 'verify', 'token', 'token verify', 'profile add', 'emulator', 'completion']));
    const missing = paths.filter((path) => READS[path] === undefined);
    expect(missing, `add ${missing.map((p) => `'${p}'`).join(', ')} to READS in test/unit/cli/help.test.ts: the option keys its implementation reads`).toEqual(
      [],
    );
    const stale = Object.keys(READS).filter((path) => !paths.includes(path));
    expect(stale, 'READS names commands that no longer exist').toEqual([]);
  });

  describe.each(nodes.map((node) => [node.path === '' ? 'pwless' : `pwless ${node.path}`, node] as const))('%s --help', (_name, { path, cmd }) => {
    it("lists every flag the command accepts: its own, the global flags it honours, its subcommands'", async () => {
      const help = await helpOf(path);
      for (const option of documentedOptions(cmd)) expect(help, `${option.flags} is missing from the help`).toContain(option.flags);
      if (cmd.parent && honouredGlobalOptions(cmd).length > 0) {
        const globals = help.split('\nGlobal Options:\n')[1]?.split('\n\n')[0] ?? '';
        expect(globals.length, 'a subcommand lists the global flags it honours under "Global Options:"').toBeGreaterThan(0);
      }
    });

    it('declares, and lists, every option key its implementation reads', async () => {
      const help = await helpOf(path);
      const byKey = new Map(documentedOptions(cmd).map((option) => [option.attributeName(), option]));
      for (const key of READS[path] ?? []) {
        const option = byKey.get(key);
        expect(option, `the implementation reads options.${key}, but ${path || 'pwless'} neither declares nor honours such a flag`).toBeDefined();
        expect(help).toContain(option?.flags);
      }
    });

    it('has two or three examples that use flags the command accepts', async () => {
      const help = await helpOf(path);
      const section = help.split('\nExamples:\n')[1]?.split('\n\n')[0];
      expect(section, `${path || 'pwless'} --help has no "Examples:" section: add an entry to COMMAND_HELP in src/cli/help/command-help.ts`).toBeDefined();
      const lines = (section ?? '').split('\n').filter((line) => line.startsWith('  pwless '));
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.length).toBeLessThanOrEqual(3);
      for (const line of lines) expect(line.trim().startsWith(`pwless ${path}`.trim()), line).toBe(true);
      for (const line of lines) checkExampleFlags(line.trim().split(/\s{2,}/)[0] ?? '');
    });

    it('lists its exit codes, with no quoted defaults, and 9 only where an assertion can fail', async () => {
      const help = await helpOf(path);
      const exits = help.split('\nExit codes:\n')[1];
      expect(exits, 'no "Exit codes:" section').toBeDefined();
      expect(exits).toMatch(/^ {2}0 {4}success$/m);
      expect(help).not.toMatch(/\(default: "/);
      expect(help).not.toMatch(/choices: "/);
      if (path === '' || path === 'smoke') expect(exits).toMatch(/^ {2}9 {4}a smoke-test assertion failed \(pwless smoke --expect-…\)$/m);
      else expect(exits).not.toMatch(/^ {2}9 /m);
    });
  });
});

/** Each --flag of an example is one the command it names accepts (stale examples fail here). */
function checkExampleFlags(example: string): void {
  const words = example.split(' ').slice(1);
  let node = nodes[0] as Node;
  for (const word of words) {
    const sub = node.cmd.commands.find((c) => c.name() === word);
    if (sub === undefined) break;
    node = nodes.find((n) => n.cmd === sub) as Node;
  }
  const fallback = defaultSubcommandOf(node.cmd);
  const accepted = [...documentedOptions(node.cmd), ...(fallback ? documentedOptions(fallback) : []), ...ownOptions(nodes[0]?.cmd as Command)];
  for (const word of words.filter((w) => /^--?[a-z]/.test(w))) {
    expect(
      accepted.some((option) => option.long === word || option.short === word),
      `${example}: ${node.path || 'pwless'} has no flag ${word}`,
    ).toBe(true);
  }
}

describe('what the issue asked for, by name', () => {
  it('start --help lists --domain, --client-id and --json; profile add --help lists --domain and --client-id', async () => {
    expect(await helpOf('start')).toMatch(/--domain <url>[\s\S]*--client-id <id>[\s\S]*--json/);
    const add = await helpOf('profile add');
    expect(add).toContain('--domain <url>');
    expect(add).toContain('--client-id <id>');
  });

  it('token --help lists its subcommands and --raw with its choices; profile --help its subcommands', async () => {
    const token = await helpOf('token');
    for (const sub of ['show', 'decode', 'verify', 'refresh', 'revoke', 'userinfo', 'clear']) expect(token).toMatch(new RegExp(`^ {2}${sub}\\b`, 'm'));
    expect(token).toContain('--raw <name>');
    expect(token.replace(/\s+/g, ' ')).toContain('choices: access_token, id_token, refresh_token');
    const profile = await helpOf('profile');
    for (const sub of ['add', 'list', 'show', 'use', 'remove', 'rename']) expect(profile).toMatch(new RegExp(`^ {2}${sub}\\b`, 'm'));
    expect(profile).toContain('--from-env');
  });

  it('prints defaults as typed: (default: 30), (default: 4010)', async () => {
    expect(await helpOf('start')).toContain('(default: 30)');
    expect(await helpOf('emulator')).toContain('(default: 4010)');
  });

  it('leaves out the global flags a command ignores', async () => {
    const emulator = (await helpOf('emulator')).split('\nGlobal Options:\n')[1] ?? '';
    expect(emulator).toContain('--json');
    expect(emulator).not.toContain('--domain');
    expect(emulator).not.toContain('--timeout');
  });
});
