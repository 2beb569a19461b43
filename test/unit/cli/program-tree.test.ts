/**
 * The lazily built tree (src/cli/program.ts) must be indistinguishable from the whole one: each
 * listed command's term is what commander makes of its definition, every --help page is the
 * same, and commandNamed (src/cli/command-named.ts) names the command commander will dispatch to,
 * for every command line below: commander itself is the oracle.
 */
import { Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandNamed } from '../../../src/cli/command-named.ts';
import { COMMANDS } from '../../../src/cli/program.ts';
import { testProgram } from './test-program.ts';

async function helpText(args: readonly string[], lazy: boolean): Promise<string> {
  const out = { text: '' };
  const program = await testProgram(lazy ? args : undefined, out);
  await expect(program.parseAsync(['node', 'pwless', ...args])).rejects.toMatchObject({ code: expect.stringMatching(/^commander\.help(Displayed)?$/) });
  return out.text;
}

class Dispatched extends Error {}

/** The top-level command commander runs for this line in the whole tree, or undefined when it runs none. */
async function dispatchedBy(args: readonly string[]): Promise<string | undefined> {
  const program = await testProgram();
  let name: string | undefined;
  program.hook('preSubcommand', (_program, sub) => {
    name = sub.name();
    throw new Dispatched();
  });
  try {
    await program.parseAsync(['node', 'pwless', ...args]);
  } catch (error) {
    if (!(error instanceof Dispatched) && !String((error as { code?: string }).code).startsWith('commander.')) throw error;
  }
  return name;
}

describe('the command listing', () => {
  it('gives every command commander’s own term for its definition', async () => {
    const whole = await testProgram();
    const help = new Help();
    const terms = whole.commands.map((cmd) => [cmd.name(), help.subcommandTerm(cmd)]);
    expect(COMMANDS.map((entry) => [entry.name, entry.term])).toEqual(terms);
  });

  it.each([[['--help']], [['help']], [['start', '--help']], [['token', '--help']], [['help', 'profile']], [['pending', 'clear', '--help']]])(
    'prints the same help for %j as the whole tree does',
    async (args) => {
      expect(await helpText(args, true)).toBe(await helpText(args, false));
    },
  );

  it('keeps the program’s --help to the commands: their flags are on their own --help', async () => {
    const help = await helpText(['--help'], true);
    expect(help).toMatch(/^ {2}start \[options\] +send a one-time code/m);
    expect(help).not.toContain('Options of pwless start');
    expect(help).not.toContain('--otp-from <source>');
  });

  it('defines only the named command: the others are listed, without flags', async () => {
    const program = await testProgram(['token', 'decode', 'x']);
    const defined = program.commands.filter((cmd) => cmd.commands.length > 0 || cmd.options.length > 0 || cmd.registeredArguments.length > 0);
    expect(defined.map((cmd) => cmd.name())).toEqual(['token']);
  });

  it('defines every command for `completion`, whose script is made from the whole tree', async () => {
    const program = await testProgram(['completion', 'bash']);
    const start = program.commands.find((cmd) => cmd.name() === 'start');
    expect(start?.options.map((option) => option.long)).toContain('--otp-from');
  });
});

describe('commandNamed', () => {
  const lines: string[][] = [
    [],
    ['start', '--email', 'a@example.com'],
    ['--json', 'start'],
    ['start', '--json', '--domain', 'verify'],
    ['-p', 'dev', 'token', 'decode', 'x'],
    ['-pdev', 'token'],
    ['-qv', 'start'],
    ['-qp', 'start', 'token'],
    ['--profile=start', 'verify'],
    ['--timeout', 'token', 'start'],
    ['--no-color', '--no-input', 'profile', 'list'],
    ['--', 'start'],
    ['help'], // `help <command>` shows that command's help without dispatching: the help tests above cover it
    ['--bogus', 'start'],
    ['-x', 'start'],
    ['-qx', 'start'],
    ['-h', 'start'],
    ['--help'],
    ['strat'],
    ['token', '--json', 'decode'],
    ['completion', 'zsh'],
    ['__complete', 'profiles'],
    ['emulator', '--port', '0'],
    ['sms-gateway'],
  ];

  it.each(lines.map((args) => [args]))('names what commander dispatches to for %j', async (args) => {
    const program = await testProgram();
    const named = commandNamed(program, args);
    // A word that names no command (a typo) loads nothing; commander then says it is unknown.
    const command = COMMANDS.some((entry) => entry.name === named) ? named : undefined;
    expect(command).toBe(await dispatchedBy(args));
  });
});
