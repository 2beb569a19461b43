// The import graph of src/ has no cycle and its arrows point one way between folders
// (cli → (config, otp, render) → core, the three in the middle never importing each other;
// docs/design.md). A cycle, even through a type-only import, shows a definition living in the
// wrong file; an arrow the wrong way shows a layer that knows about the one above it. The graph is read with TypeScript's own
// `ts.preProcessFile`, which lists static imports, `import type`, `export … from` and `import('…')`.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tsFilesUnder } from './ts-files.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const srcDir = join(root, 'src');

/** Every .ts file under src/, as a path relative to src/ with forward slashes. */
function sourceFiles(): string[] {
  return tsFilesUnder(srcDir)
    .filter((path) => !path.endsWith('.d.ts'))
    .map(toKey);
}

function toKey(absolute: string): string {
  return relative(srcDir, absolute).split('\\').join('/');
}

/** The specifiers a module's text imports, re-exports or loads lazily (comments are not read). */
function specifiersOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((ref) => ref.fileName);
}

/** Resolves a relative specifier to a src/ key; packages and node: builtins give undefined. */
function resolveSpecifier(from: string, specifier: string, known: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = toKey(resolve(srcDir, dirname(from), specifier));
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`];
  const found = candidates.find((candidate) => known.has(candidate));
  if (found === undefined) throw new Error(`${from}: cannot resolve import '${specifier}'`);
  return found;
}

function importGraph(): Map<string, string[]> {
  const files = sourceFiles().sort();
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = specifiersOf(readFileSync(join(srcDir, file), 'utf8'))
      .map((specifier) => resolveSpecifier(file, specifier, known))
      .filter((target): target is string => target !== undefined);
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

/** The cycles a depth-first walk meets (at least one wherever there is any), each as a closed path `a → b → a`. */
function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const seen = state.get(next);
      if (seen === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

/**
 * Folder (first path segment under src/) → folders it must never import from. core is the bottom
 * layer; config, otp and render each sit on core alone: they never import each other (render is
 * given view types that config's objects satisfy, and what it should show is decided by the
 * caller), and never reach up into cli; the emulator stands apart (only cli starts it, and it
 * imports from no other folder).
 */
const FORBIDDEN: Record<string, readonly string[]> = {
  core: ['cli', 'config', 'render', 'otp', 'emulator'],
  config: ['cli', 'otp', 'render', 'emulator'],
  otp: ['cli', 'config', 'render', 'emulator'],
  render: ['cli', 'config', 'otp', 'emulator'],
  emulator: ['cli', 'config', 'render', 'otp', 'core'],
};

const folderOf = (file: string): string => file.split('/')[0] ?? file;

describe('import graph of src/', () => {
  const graph = importGraph();

  it('reads the imports of every kind, and finds a cycle where there is one', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from './c.ts';",
      "export type { D } from './d.ts';",
      "const e = async () => (await import('./e.ts')).e;",
      "// import { f } from './f.ts';",
      "/* import('./g.ts') */",
    ].join('\n');
    expect(specifiersOf(text)).toEqual(['./a.ts', './b.ts', './c.ts', './d.ts', './e.ts']);
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('cli/main.ts')).toContain('render/output.ts'); // a lazy import() in the real tree
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', ['c.ts']],
          ['c.ts', ['a.ts']],
        ]),
      ),
    ).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    const cycles = findCycles(graph).map((cycle) => cycle.join(' → '));
    expect(cycles, `import cycles in src/:\n  ${cycles.join('\n  ')}`).toEqual([]);
  });

  it('has no import against the direction of the layers', () => {
    const wrongWay: string[] = [];
    for (const [file, targets] of graph) {
      const forbidden = FORBIDDEN[folderOf(file)] ?? [];
      for (const target of targets) if (forbidden.includes(folderOf(target))) wrongWay.push(`${file} → ${target}`);
    }
    expect(wrongWay, `imports against the layers:\n  ${wrongWay.join('\n  ')}`).toEqual([]);
  });
});
