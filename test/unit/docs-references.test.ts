// Every reference in the project can be followed by its reader: no file points at documents
// outside the repository; every row id cited exists, a B-… row in docs/auth0-behaviour.md or an
// E-… row in docs/emulator.md ("Feature ids"); and every emulator test names, in its title, the
// row it pins (docs/emulator.md, "Feature ids"). Test titles are read with TypeScript's parser,
// so a title on its own line (`it.each([...])(\n'…'`) counts as well as one on the `it(` line.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TREES = ['src', 'test', 'docs', 'bench', '.ci', 'scripts'];
const FILES = ['README.md', 'package.json'];
const SKIP = new Set(['node_modules', 'dist', '.git']);

/** Built from pieces so that this file does not match itself. */
const FORBIDDEN: Array<{ name: string; pattern: RegExp }> = [
  { name: 'reference ' + '§', pattern: new RegExp('reference' + '\\s*§', 'i') },
  { name: 'deps' + '.md', pattern: new RegExp('deps' + '\\.md') },
  { name: 'anchors' + '.md', pattern: new RegExp('anchors' + '\\.md') },
  { name: 'DEVELOPERS' + '.md', pattern: new RegExp('DEVELOPERS' + '\\.md') },
  { name: '../' + 'shared', pattern: new RegExp('\\.\\./' + 'shared') },
  { name: 'auth0-passwordless' + '.md', pattern: new RegExp('auth0-passwordless' + '\\.md') },
];

/** A row id: `B-START-3`, `B-TOKEN-ERR-12` (docs/auth0-behaviour.md), `E-FAULT-1` (docs/emulator.md). */
const ROW_ID = /\b[BE]-[A-Z]+(?:-[A-Z]+)*-\d+\b/g;

/** Where each kind of row is defined: a table row that starts with its id. */
const ROW_DOCS = [
  { doc: join('docs', 'auth0-behaviour.md'), row: /^\| (B-[A-Z-]+\d+) \|/gm },
  { doc: join('docs', 'emulator.md'), row: /^\| (E-[A-Z-]+\d+) \|/gm },
];

/** The tests that must name a row: every emulator unit test, and the e2e tests of the emulator. */
const TAGGED_TESTS = {
  dirs: [join('test', 'unit', 'emulator')],
  files: ['emulator-flags', 'emulator-delivery', 'emulator-sdk', 'link', 'curl'].map((name) => join('test', 'e2e', `${name}.test.ts`)),
};

function walk(dir: string, out: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function projectFiles(): string[] {
  const files = TREES.flatMap((tree) => walk(join(ROOT, tree), []));
  return [...files, ...FILES.map((file) => join(ROOT, file))];
}

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

function rowIds(): string[] {
  return ROW_DOCS.flatMap(({ doc, row }) => [...read(join(ROOT, doc)).matchAll(row)].map((m) => m[1]!));
}

/** `it`, `test` or `describe` for a call such as `it(…)`, `it.each(…)(…)`, `describe.skip(…)`. */
function testKind(callee: ts.Expression): string | undefined {
  if (ts.isCallExpression(callee) && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'each') {
    return testKind(callee.expression.expression);
  }
  if (ts.isPropertyAccessExpression(callee)) return testKind(callee.expression);
  return ts.isIdentifier(callee) && ['it', 'test', 'describe'].includes(callee.text) ? callee.text : undefined;
}

/** `file:line: title` of each test whose title, and whose enclosing describe titles, name no row. */
function untaggedTests(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const untagged: string[] = [];
  const visit = (node: ts.Node, tagged: boolean): void => {
    if (ts.isCallExpression(node) && node.arguments.length >= 2) {
      const kind = testKind(node.expression);
      if (kind !== undefined) {
        const title = node.arguments[0]!.getText(source);
        const named = tagged || new RegExp(ROW_ID.source).test(title);
        if (kind !== 'describe' && !named) {
          const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
          untagged.push(`${relative(ROOT, path)}:${line}: ${title}`);
        }
        node.forEachChild((child) => visit(child, kind === 'describe' ? named : tagged));
        return;
      }
    }
    node.forEachChild((child) => visit(child, tagged));
  };
  visit(source, false);
  return untagged;
}

function taggedTestFiles(): string[] {
  const inDirs = TAGGED_TESTS.dirs.flatMap((dir) => readdirSync(join(ROOT, dir)).map((name) => join(ROOT, dir, name)));
  return [...inDirs.filter((path) => path.endsWith('.test.ts')), ...TAGGED_TESTS.files.map((file) => join(ROOT, file))];
}

describe('references a reader can follow', () => {
  const files = projectFiles();

  it('finds the project files', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.endsWith(join('docs', 'auth0-behaviour.md')))).toBe(true);
  });

  it('no file points at documents outside the repository', () => {
    const hits: string[] = [];
    for (const file of files) {
      read(file)
        .split('\n')
        .forEach((line, index) => {
          for (const { name, pattern } of FORBIDDEN) {
            if (pattern.test(line)) hits.push(`${relative(ROOT, file)}:${index + 1}: ${name}`);
          }
        });
    }
    expect(hits).toEqual([]);
  });

  it('every row id cited in the project exists (B-… in docs/auth0-behaviour.md, E-… in docs/emulator.md)', () => {
    const defined = new Set(rowIds());
    expect([...defined].filter((id) => id.startsWith('B-')).length).toBeGreaterThan(50);
    expect([...defined].filter((id) => id.startsWith('E-')).length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const file of files) {
      for (const match of read(file).matchAll(ROW_ID)) {
        if (!defined.has(match[0])) missing.push(`${relative(ROOT, file)}: ${match[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every path of this project a file names exists (src/…, test/…, bench/…, docs/…)', () => {
    // Paths of other repositories (Auth0's SDKs, jose) are cited too; only this project's own folders are checked.
    const OWN_PATH = /(?<![\w/.-])(?:src\/(?:cli|core|config|otp|render|emulator)|test\/(?:unit|e2e|helpers)|bench|docs)\/[\w./-]*\w\.(?:ts|js|md|json)\b/g;
    const missing: string[] = [];
    let seen = 0;
    for (const file of files) {
      for (const match of read(file).matchAll(OWN_PATH)) {
        seen += 1;
        if (!existsSync(join(ROOT, match[0]))) missing.push(`${relative(ROOT, file)}: ${match[0]}`);
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('row ids are defined once', () => {
    const ids = rowIds();
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});

describe('every emulator test names the row it pins', () => {
  it('finds the tests to check', () => {
    const files = taggedTestFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect(statSync(file).isFile(), file).toBe(true);
  });

  it('reads titles of it, test, it.each and nested describes, and reports the untagged ones with their line', () => {
    const text = [
      "describe('outer (E-FAULT-1)', () => { it('inherits', () => {}); });",
      "describe('outer', () => {",
      "  it('named (B-OTP-2)', () => {});",
      '  it.each([1])(',
      "    'not named %s',",
      '    () => {},',
      '  );',
      '  test(`B-START-1 in a template ${1}`, () => {});',
      "  describe.each([1])('inner B-LINK-3', () => { it.skip('inherits too', () => {}); });",
      "  it('B-OTP-2x is no id', () => {});",
      '});',
    ].join('\n');
    expect(untaggedTests(join(ROOT, 'sample.test.ts'), text)).toEqual(["sample.test.ts:4: 'not named %s'", "sample.test.ts:10: 'B-OTP-2x is no id'"]);
  });

  it('in test/unit/emulator and the e2e emulator tests, each test title (or its describe) has a B-… or E-… id', () => {
    const untagged = taggedTestFiles().flatMap((file) => untaggedTests(file, read(file)));
    if (untagged.length > 0) {
      const list = untagged.map((entry) => `  ${entry}`).join('\n');
      throw new Error(
        `${untagged.length} test(s) name no row. Add the id of the row each one pins to its title, e.g. '… (B-OTP-2)': a B-… row of docs/auth0-behaviour.md for Auth0 behaviour, an E-… row of docs/emulator.md ("Feature ids") for the emulator's own features.\n${list}`,
      );
    }
  });
});
