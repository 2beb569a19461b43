/**
 * The completion spec is read from the real commander tree: every visible command, each with the
 * flags its --help lists, the values of enumerated flags and profile names where they belong; and
 * each shell's script carries all of it. Running the scripts in real shells is test/e2e/completion.test.ts.
 */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { completionScript } from '../../../src/cli/completion/script.ts';
import { completionSpec } from '../../../src/cli/completion/spec.ts';
import { honouredGlobalOptions } from '../../../src/cli/help/configuration.ts';
import { testProgram } from './test-program.ts';

const program = await testProgram();
const spec = completionSpec(program);

function commandAt(path: string): Command {
  let cmd = program;
  for (const name of path.split(' ').filter(Boolean)) cmd = cmd.commands.find((sub) => sub.name() === name) as Command;
  return cmd;
}

describe('completionSpec', () => {
  it('has every visible command, and not the hidden __complete', () => {
    expect(spec.subcommands.get('')).toEqual(expect.arrayContaining(['start', 'verify', 'token', 'profile', 'config', 'emulator', 'demo', 'completion']));
    expect(spec.subcommands.get('')).not.toContain('__complete');
    expect(spec.subcommands.get('token')).toEqual(expect.arrayContaining(['show', 'decode', 'verify', 'refresh', 'userinfo', 'clear']));
    expect(spec.subcommands.get('profile')).toEqual(expect.arrayContaining(['add', 'list', 'show', 'use', 'remove', 'rename']));
  });

  it('gives each command its own flags and the global flags its help lists', () => {
    for (const [path, flags] of spec.flags) {
      const cmd = commandAt(path);
      const expected = [...cmd.options, ...(path === '' ? [] : honouredGlobalOptions(cmd))].flatMap((o) => [o.short, o.long]).filter(Boolean);
      expect(flags, path).toEqual(expect.arrayContaining(expected));
      expect(flags, path).toContain('--help');
    }
    expect(spec.flags.get('start')).toEqual(expect.arrayContaining(['--email', '--send', '--domain', '-p', '--profile']));
    expect(spec.flags.get('emulator')).not.toContain('--domain');
  });

  it('knows the values of enumerated flags and arguments', () => {
    expect(spec.flagValues.get('start|--send')).toEqual({ kind: 'words', words: ['code', 'link'] });
    expect(spec.flagValues.get('profile add|--type')).toEqual({ kind: 'words', words: ['native', 'regular_web', 'spa'] });
    expect(spec.flagValues.get('token show|--raw')).toEqual({ kind: 'words', words: ['access_token', 'id_token', 'refresh_token'] });
    expect(spec.flagValues.get('token|--raw'), 'bare token runs show').toEqual({ kind: 'words', words: ['access_token', 'id_token', 'refresh_token'] });
    expect(spec.argumentValues.get('completion#0')).toEqual({ kind: 'words', words: ['bash', 'zsh', 'fish'] });
  });

  it('completes profile names for --profile, -p and the profile arguments', () => {
    for (const key of ['|--profile', '|-p', 'start|-p', 'token verify|--profile']) expect(spec.flagValues.get(key), key).toEqual({ kind: 'profiles' });
    for (const key of ['profile show#0', 'profile use#0', 'profile remove#0', 'profile rename#0'])
      expect(spec.argumentValues.get(key), key).toEqual({ kind: 'profiles' });
  });

  it('completes files and directories for path flags, and nothing for a flag without a value', () => {
    expect(spec.flagValues.get('emulator|--tenant')).toEqual({ kind: 'files' });
    expect(spec.flagValues.get('start|--ca-file')).toEqual({ kind: 'files' });
    expect(spec.flagValues.get('|--config-dir')).toEqual({ kind: 'dirs' });
    expect(spec.flagValues.get('start|--email')).toEqual({ kind: 'text' });
    expect(spec.flagValues.has('start|--json')).toBe(false);
    expect(spec.flagValues.has('start|--listen'), 'an optional value: the next word may be an argument').toBe(false);
  });
});

describe('completionScript', () => {
  it.each(['bash', 'zsh', 'fish'] as const)('%s: carries every command path and flag of the spec', (shell) => {
    const script = completionScript(shell, program);
    for (const [path, flags] of spec.flags) {
      if (path !== '') expect(script).toContain(`'${path}'`);
      for (const flag of flags) expect(script).toContain(flag);
    }
    expect(script).toContain('__complete profiles');
    expect(script).toMatch(
      { bash: /^complete -F _pwless pwless$/m, zsh: /^#compdef pwless$/m, fish: /^complete -c pwless -f -a '\(__pwless_complete\)'$/m }[shell],
    );
  });
});
