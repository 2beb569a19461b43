/**
 * What a shell can complete, read from the commander tree at run time so that the scripts never
 * drift from the flags: the subcommands and flags of each command (its own and the global flags it
 * honours, as its --help lists them), and what the value of a flag or argument is (listed words,
 * profile names, files, directories or free text).
 */
import { Help, type Command, type Option } from 'commander';
import { defaultSubcommandOf, honouredGlobalOptions } from '../help/configuration.ts';
import { valuesOf } from './values.ts';

export type ValueKind = { kind: 'words'; words: readonly string[] } | { kind: 'profiles' } | { kind: 'files' } | { kind: 'dirs' } | { kind: 'text' };

export interface CompletionSpec {
  /** Command path ('' for pwless itself, 'token verify', …) → its subcommands. */
  subcommands: Map<string, string[]>;
  /** Command path → every flag it accepts, short and long. */
  flags: Map<string, string[]>;
  /** `<path>|<flag>` → what the flag's value is; only flags that take a value. */
  flagValues: Map<string, ValueKind>;
  /** `<path>#<n>` → what the command's n-th argument is (from 0). */
  argumentValues: Map<string, ValueKind>;
}

/** The arguments that name a profile (commander does not know it). */
const PROFILE_ARGUMENTS = ['profile show#0', 'profile use#0', 'profile remove#0', 'profile rename#0'];

export function completionSpec(program: Command): CompletionSpec {
  const spec: CompletionSpec = { subcommands: new Map(), flags: new Map(), flagValues: new Map(), argumentValues: new Map() };
  const help = new Help();
  const visit = (cmd: Command, path: string) => {
    const subs = help.visibleCommands(cmd);
    spec.subcommands.set(
      path,
      subs.map((sub) => sub.name()),
    );
    // Bare `token` runs `show`, so it takes show's flags too.
    const fallback = defaultSubcommandOf(cmd);
    const own = (c: Command) => c.options.filter((option) => !option.hidden);
    const options = [...new Set([...own(cmd), ...(fallback ? own(fallback) : []), ...(path === '' ? [] : honouredGlobalOptions(cmd))])];
    spec.flags.set(path, [...options.flatMap(flagsOf), '--help']);
    for (const option of options) {
      const value = valueKindOf(option);
      if (value !== undefined) for (const flag of flagsOf(option)) spec.flagValues.set(`${path}|${flag}`, value);
    }
    cmd.registeredArguments.forEach((argument, index) => {
      const key = `${path}#${index}`;
      const choices = argument.argChoices;
      if (choices) spec.argumentValues.set(key, { kind: 'words', words: choices });
      else if (PROFILE_ARGUMENTS.includes(key)) spec.argumentValues.set(key, { kind: 'profiles' });
    });
    for (const sub of subs) if (sub.name() !== 'help') visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, '');
  return spec;
}

function flagsOf(option: Option): string[] {
  return [option.short, option.long].filter((flag): flag is string => flag !== undefined);
}

/** Undefined for a flag that takes no value or an optional one (`--listen [port]`): the next word is not its. */
function valueKindOf(option: Option): ValueKind | undefined {
  if (!option.required) return undefined;
  const words = valuesOf(option);
  if (words !== undefined) return { kind: 'words', words };
  if (option.attributeName() === 'profile') return { kind: 'profiles' };
  const name = /<([^>]+)>/.exec(option.flags)?.[1] ?? '';
  if (name === 'dir') return { kind: 'dirs' };
  if (/file|path|pem/.test(name)) return { kind: 'files' };
  return { kind: 'text' };
}
