/**
 * Which top-level command an argv runs, read the way commander will read it, before the tree is
 * built: program.ts then defines only that command in full (its flags modules and what they
 * import) and the others as their one-line listing, so `pwless token decode` and `pwless --help`
 * load one command's definition, not eleven.
 *
 * It mirrors Command.parseOptions of commander (lib/command.js): the program's own options are
 * consumed wherever they appear (a value-taking one with its value, `--opt=value`, `-pvalue`,
 * clusters like `-qv`); operands are collected until the first option the program does not know,
 * after which everything is left to the subcommand; `--` makes the rest operands. The first
 * operand is the command; `help <name>` runs that command's help. test/unit/cli/program-tree.test.ts
 * checks this against commander itself for every command line the tests know.
 */
import type { Command, Option } from 'commander';

/** The command that will run, or undefined when none will (the program's own help, version or error). */
export function commandNamed(program: Command, args: readonly string[], helpCommand = 'help'): string | undefined {
  const operands = programOperands(program, args);
  return operands[0] === helpCommand ? operands[1] : operands[0];
}

function programOperands(program: Command, args: readonly string[]): string[] {
  const find = (flag: string): Option | undefined => program.options.find((option) => option.short === flag || option.long === flag);
  const operands: string[] = [];
  let i = 0;
  let group: string | undefined; // what is left of a cluster like -qv, read as its own word
  while (group !== undefined || i < args.length) {
    const arg = group ?? (args[i++] as string);
    group = undefined;
    if (arg === '--') return [...operands, ...args.slice(i)];
    if (!isOptionLike(arg)) {
      operands.push(arg);
      continue;
    }
    const option = find(arg);
    if (option !== undefined) {
      if (option.required) i++;
      else if (option.optional && i < args.length && !isOptionLike(args[i] as string)) i++;
      continue;
    }
    const short = arg.length > 2 && arg[1] !== '-' ? find(arg.slice(0, 2)) : undefined;
    if (short !== undefined) {
      // -pdev is -p dev; -qv is -q, then -v read as a word of its own.
      if (!(short.required || short.optional)) group = `-${arg.slice(2)}`;
      continue;
    }
    const equals = arg.indexOf('=');
    const long = arg.startsWith('--') && equals > 2 ? find(arg.slice(0, equals)) : undefined;
    if (long !== undefined && (long.required || long.optional)) continue;
    // An option the program does not know: commander leaves it and all that follows to the subcommand.
    return operands;
  }
  return operands;
}

function isOptionLike(arg: string): boolean {
  return arg.length > 1 && arg[0] === '-';
}
