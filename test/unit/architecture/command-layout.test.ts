// Every command has the same shape (docs/design.md, "Layout"): a folder src/cli/commands/<name>/
// with `flags.ts`, its commander definition, and one implementation file per (sub)command, which
// flags.ts loads with a lazy import() when the command runs — so `pwless --help` loads no
// implementation. A command's files are its own: no command imports another's, and only
// program.ts reaches into commands/, for the flags. Helpers shared by commands live in src/cli/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tsFilesUnder } from './ts-files.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const cliDir = join(root, 'src/cli');
const commandsDir = join(cliDir, 'commands');

interface Import {
  target: string;
  lazy: boolean;
}

/** Relative imports of a file, resolved to absolute paths; `lazy` for import('…'). */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const match of text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)) found.push({ target: resolve(dirname(file), match[1] as string), lazy: true });
  for (const match of text.matchAll(/\bfrom\s+'(\.[^']+)'/g)) found.push({ target: resolve(dirname(file), match[1] as string), lazy: false });
  return found;
}

/** The command folder a path belongs to (`start`, `token`, …), or undefined outside commands/. */
function commandOf(path: string): string | undefined {
  const rel = relative(commandsDir, path);
  return rel.startsWith('..') ? undefined : rel.split(/[\\/]/)[0];
}

const entries = readdirSync(commandsDir);
const commandFiles = tsFilesUnder(commandsDir);

describe('the layout of src/cli/commands', () => {
  it('holds one folder per command, each with its flags.ts and at least one implementation', () => {
    const loose = entries.filter((name) => !statSync(join(commandsDir, name)).isDirectory());
    expect(loose, 'files directly in src/cli/commands/ (give each its command folder)').toEqual([]);
    for (const name of entries) {
      const files = readdirSync(join(commandsDir, name));
      expect(files, `commands/${name}/`).toContain('flags.ts');
      // completion's implementation is the completion/ module beside commands/ (it needs no context).
      if (name !== 'completion') expect(files.length, `commands/${name}/ has no implementation`).toBeGreaterThan(1);
    }
  });

  it('loads a command’s implementation only lazily, from its own flags.ts', () => {
    const eager: string[] = [];
    for (const file of commandFiles.filter((f) => f.endsWith('flags.ts'))) {
      for (const { target, lazy } of importsOf(file)) {
        if (commandOf(target) !== undefined && !lazy) eager.push(`${relative(root, file)} → ${relative(root, target)}`);
      }
    }
    expect(eager, 'static imports of implementations from flags.ts (use a lazy import())').toEqual([]);
  });

  it('keeps each command’s files to itself: no command imports another, only program.ts imports the flags', () => {
    const wrong: string[] = [];
    for (const file of tsFilesUnder(join(root, 'src'))) {
      const from = commandOf(file);
      for (const { target } of importsOf(file)) {
        const to = commandOf(target);
        if (to === undefined || to === from) continue;
        const viaProgram = file === join(cliDir, 'program.ts') && target.endsWith('/flags.ts');
        if (!viaProgram) wrong.push(`${relative(root, file)} → ${relative(root, target)}`);
      }
    }
    expect(wrong, 'imports into a command folder from outside it (move the shared part to src/cli/)').toEqual([]);
  });

  it('sees the imports it checks (the scan is not vacuous)', () => {
    const program = importsOf(join(cliDir, 'program.ts')).map((i) => relative(root, i.target));
    expect(program).toContain('src/cli/commands/start/flags.ts');
    const start = importsOf(join(commandsDir, 'start/flags.ts'));
    expect(start).toContainEqual({ target: join(commandsDir, 'start/run.ts'), lazy: true });
  });
});
