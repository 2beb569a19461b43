// Only the process's entry touches `process` for I/O (docs/design.md, "The process at the edge"):
// src/cli/main.ts reads stdin, stdout, stderr, env, argv and the signals, sets the exit code, and
// hands them to the commands through their context (ProcessEdge in src/cli/context.ts) or to
// createProgram. Everything else gets them as arguments, so that any command runs in-process in a
// test. Facts about the process that are not I/O (its pid for a lock file, the platform a default
// depends on, getBuiltinModule) may be read anywhere. The emulator has no process entry of its own:
// `pwless emulator` is a command, and the library API is started by its caller.
// The scan reads the syntax tree (TypeScript's parser), so comments and strings do not count, and a
// bare `process` handed on whole (`f(process)`, `const { env } = process`) counts as I/O.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tsFilesUnder } from './ts-files.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const srcDir = join(root, 'src');

/** The files that run as the process and may touch it for I/O. */
const ENTRY_FILES = ['cli/main.ts'];

/** Members of `process` that are facts, not I/O: they may be read in any file. */
const FACTS = new Set(['pid', 'ppid', 'platform', 'arch', 'release', 'getBuiltinModule', 'hrtime', 'nextTick', 'features']);

/**
 * Signals sent to other processes, as child_process sends them to a child: process.kill(-pgid) ends
 * a `cmd:` command's process group (src/otp/command-run.ts), process.kill(pid, 0) asks whether a
 * config lock's holder still runs (src/config/lock-holder.ts). Neither is this process's own I/O.
 */
const SIGNALS_TO_OTHERS = new Set(['kill']);

function sourceFiles(): string[] {
  return tsFilesUnder(srcDir).map((path) => relative(srcDir, path).split('\\').join('/'));
}

interface Use {
  line: number;
  /** `stdin`, `env`, … or `(process)` for the object handed on whole. */
  member: string;
}

/** Every use of the global `process` in a module's code, with the member it reads. */
function processUses(text: string, fileName = 'module.ts'): Use[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const uses: Use[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === 'process' && isValueReference(node)) {
      const { parent } = node;
      let member = '(process)';
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node) member = parent.name.text;
      else if (ts.isElementAccessExpression(parent) && parent.expression === node)
        member = ts.isStringLiteralLike(parent.argumentExpression) ? parent.argumentExpression.text : '[computed]';
      uses.push({ line: file.getLineAndCharacterOfPosition(node.getStart()).line + 1, member });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return uses;
}

/** `process` as a value, not a property name (`x.process`), a key (`{ process: 1 }`) or a declaration of its own. */
function isValueReference(node: ts.Identifier): boolean {
  const { parent } = node;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent)) && parent.name === node) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) && parent.name === node) return false;
  if (ts.isQualifiedName(parent)) return false;
  return true;
}

describe('the process at the edge', () => {
  it('finds the uses of process in code, and only there', () => {
    const text = [
      '// process.stdin in a comment',
      "const s = 'process.env in a string';",
      'const input = process.stdin;',
      "const debug = process['env'].DEBUG;",
      'start(process);',
      'const id = process.pid;',
      'const o = { process: 1 }; o.process;',
    ].join('\n');
    expect(processUses(text)).toEqual([
      { line: 3, member: 'stdin' },
      { line: 4, member: 'env' },
      { line: 5, member: '(process)' },
      { line: 6, member: 'pid' },
    ]);
    const entry = processUses(readFileSync(join(srcDir, 'cli/main.ts'), 'utf8')).map((use) => use.member);
    expect(entry).toEqual(expect.arrayContaining(['stdin', 'stdout', 'stderr', 'env', 'argv', 'on', 'exitCode']));
  });

  it('is touched for I/O (streams, env, argv, signals, exit) only by the entry file', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles()) {
      if (ENTRY_FILES.includes(file)) continue;
      for (const use of processUses(readFileSync(join(srcDir, file), 'utf8'), file)) {
        if (!FACTS.has(use.member) && !SIGNALS_TO_OTHERS.has(use.member)) offenders.push(`src/${file}:${use.line} process.${use.member}`);
      }
    }
    expect(
      offenders,
      `only ${ENTRY_FILES.map((f) => `src/${f}`).join(', ')} may touch process for I/O; take it from the Context (or createProgram's arguments) instead:\n  ${offenders.join('\n  ')}`,
    ).toEqual([]);
  });
});
