/**
 * How `--help` is laid out, for every command at once (commander's Help, configured on the program
 * before any subcommand exists, so that all of them inherit it):
 * - a subcommand lists the global flags it honours, under "Global Options:" (flags a command
 *   ignores are left out, so the list can be trusted);
 * - a command with subcommands (`token`, `profile`, `pending`) also lists each subcommand's flags
 *   (the program's own --help lists the commands, not their flags: `pwless <command> --help` has them);
 * - a command the run does not name is listed by the term program.ts gives it (it has no flags defined);
 * - defaults and choices print as the user types them: `(default: 30)`, not `(default: "30")`.
 * The values themselves stay what the commands parse (strings for numeric flags, see number-flag.ts).
 */
import { Help, type Argument, type Command, type HelpConfiguration, type Option } from 'commander';

/** Global flags by attribute name (`--no-color` is `color`), per command; absent: all of them. */
const honoured = new WeakMap<Command, ReadonlySet<string>>();

export function setHonouredGlobals(cmd: Command, names: readonly string[]): void {
  honoured.set(cmd, new Set(names));
}

/** The global options this command's help lists: those it was said to honour, else every one. */
export function honouredGlobalOptions(cmd: Command): Option[] {
  const all = allGlobalOptions(cmd);
  const names = honoured.get(cmd);
  return names === undefined ? all : all.filter((option) => names.has(option.attributeName()));
}

function allGlobalOptions(cmd: Command): Option[] {
  const options: Option[] = [];
  for (let ancestor = cmd.parent; ancestor; ancestor = ancestor.parent) options.push(...ancestor.options.filter((option) => !option.hidden));
  return options;
}

/** How the program's --help lists a command whose flags were not defined in this run (program.ts). */
const listedTerms = new WeakMap<Command, string>();

export function setListedTerm(cmd: Command, term: string): void {
  listedTerms.set(cmd, term);
}

export const helpConfiguration: HelpConfiguration = {
  showGlobalOptions: true,
  visibleGlobalOptions: (cmd: Command) => honouredGlobalOptions(cmd),
  optionDescription: (option: Option) => describeOption(option),
  argumentDescription: (argument: Argument) => describeArgument(argument),
  subcommandTerm(this: Help, cmd: Command): string {
    return listedTerms.get(cmd) ?? Help.prototype.subcommandTerm.call(this, cmd);
  },
  formatHelp(this: Help, cmd: Command, helper: Help): string {
    const own = Help.prototype.formatHelp.call(this, cmd, helper);
    return cmd.parent === null ? own : own + subcommandOptions(cmd, helper);
  },
};

/** Commander's wording, without JSON quotes around defaults, choices and presets. */
export function describeOption(option: Option): string {
  const extra: string[] = [];
  if (option.argChoices) extra.push(`choices: ${option.argChoices.join(', ')}`);
  const value = option.defaultValue as unknown;
  const takesValue = option.required || option.optional;
  const emptyList = Array.isArray(value) && value.length === 0;
  if (value !== undefined && !emptyList && (takesValue || (option.isBoolean() && typeof value === 'boolean'))) {
    extra.push(`default: ${option.defaultValueDescription ?? String(value)}`);
  }
  if (option.presetArg !== undefined && option.optional) extra.push(`preset: ${String(option.presetArg)}`);
  if (option.envVar !== undefined) extra.push(`env: ${option.envVar}`);
  if (extra.length === 0) return option.description;
  return option.description ? `${option.description} (${extra.join(', ')})` : `(${extra.join(', ')})`;
}

export function describeArgument(argument: Argument): string {
  const extra: string[] = [];
  if (argument.argChoices) extra.push(`choices: ${argument.argChoices.join(', ')}`);
  if (argument.defaultValue !== undefined) extra.push(`default: ${argument.defaultValueDescription ?? String(argument.defaultValue)}`);
  if (extra.length === 0) return argument.description;
  return argument.description ? `${argument.description} (${extra.join(', ')})` : `(${extra.join(', ')})`;
}

/** The subcommand that runs when none is named (`token` runs `show`); commander keeps its name in a private field. */
export function defaultSubcommandOf(cmd: Command): Command | undefined {
  const name = (cmd as unknown as { _defaultCommandName?: string })._defaultCommandName;
  return name === undefined ? undefined : cmd.commands.find((sub) => sub.name() === name);
}

/** For `token --help` and `profile --help`: the flags of each subcommand, so one page shows them all. */
function subcommandOptions(cmd: Command, helper: Help): string {
  const subs = helper.visibleCommands(cmd).filter((sub) => sub.name() !== 'help' && sub.options.length > 0);
  if (subs.length === 0) return '';
  const items = subs.map((sub) => ({ sub, options: sub.options.filter((option) => !option.hidden) }));
  const termWidth = Math.max(...items.flatMap(({ options }) => options.map((option) => helper.displayWidth(helper.optionTerm(option)))));
  const lines: string[] = [''];
  for (const { sub, options } of items) {
    const isDefault = defaultSubcommandOf(cmd) === sub;
    lines.push(helper.styleTitle(`Options of ${cmd.name()} ${sub.name()}${isDefault ? ` (also of bare ${cmd.name()})` : ''}:`));
    for (const option of options) lines.push(helper.formatItem(helper.optionTerm(option), termWidth, describeOption(option), helper));
    lines.push('');
  }
  return lines.join('\n');
}
