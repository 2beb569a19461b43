/**
 * The completion spec as lookup functions of the shell (bash and zsh share the `case` syntax; fish
 * has `switch`): four functions that map a key to one line of words, so the per-shell driver that
 * walks the command line stays small and the data is regenerated from the commander tree each time.
 */
import type { CompletionSpec, ValueKind } from './spec.ts';

export type Table = Map<string, string>;

export interface Tables {
  subcommands: Table;
  flags: Table;
  flagValues: Table;
  argumentValues: Table;
}

/** A value kind as the drivers read it: `profiles`, `files`, `dirs`, `text` or `words a b c`. */
export function kindWord(value: ValueKind): string {
  return value.kind === 'words' ? `words ${value.words.join(' ')}` : value.kind;
}

export function tablesOf(spec: CompletionSpec): Tables {
  const mapValues = <T>(map: Map<string, T>, f: (value: T) => string): Table => new Map([...map].map(([key, value]) => [key, f(value)]));
  return {
    subcommands: mapValues(spec.subcommands, (names) => names.join(' ')),
    flags: mapValues(spec.flags, (flags) => flags.join(' ')),
    flagValues: mapValues(spec.flagValues, kindWord),
    argumentValues: mapValues(spec.argumentValues, kindWord),
  };
}

/** Keys grouped by the line they give, so each distinct answer is one arm. */
function arms(table: Table): Array<[keys: string[], line: string]> {
  const byLine = new Map<string, string[]>();
  for (const [key, line] of table) if (line !== '') byLine.set(line, [...(byLine.get(line) ?? []), key]);
  return [...byLine].map(([line, keys]) => [keys, line]);
}

/** Single-quoted for sh and fish; the keys and words are flags, names and choices, never with a quote. */
function quote(text: string): string {
  if (text.includes("'")) throw new Error(`completion: cannot quote ${text}`);
  return `'${text}'`;
}

/** `name() { case "$1" in 'key'|'key2') echo 'line' ;; esac; }` for bash and zsh. */
export function caseFunction(name: string, table: Table): string {
  const lines = arms(table).map(([keys, line]) => `    ${keys.map(quote).join('|')}) echo ${quote(line)} ;;`);
  return [`${name}() {`, '  case "$1" in', ...lines, '  esac', '}'].join('\n');
}

/** The same for fish; `words` lines are printed one word per line, as fish wants candidates. */
export function switchFunction(name: string, table: Table, oneWordPerLine: boolean): string {
  const lines = arms(table).flatMap(([keys, line]) => [
    `    case ${keys.map((key) => (key === '' ? "''" : quote(key))).join(' ')}`,
    oneWordPerLine ? `      printf '%s\\n' ${line.split(' ').map(quote).join(' ')}` : `      echo ${quote(line)}`,
  ]);
  return [`function ${name}`, '  switch $argv[1]', ...lines, '  end', 'end'].join('\n');
}
