// Every reference in the project can be followed by its reader: no file points at documents
// outside the repository, and every docs/auth0-behaviour.md row id cited in the code exists there.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** A row id: `B-START-3`, `B-TOKEN-ERR-12`. */
const ROW_ID = /\bB-[A-Z]+(?:-[A-Z]+)*-\d+\b/g;

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

  it('every docs/auth0-behaviour.md row id cited in the project exists there', () => {
    const doc = read(join(ROOT, 'docs', 'auth0-behaviour.md'));
    const defined = new Set([...doc.matchAll(/^\| (B-[A-Z-]+\d+) \|/gm)].map((m) => m[1]));
    expect(defined.size).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const file of files) {
      for (const match of read(file).matchAll(ROW_ID)) {
        if (!defined.has(match[0])) missing.push(`${relative(ROOT, file)}: ${match[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('row ids are defined once', () => {
    const doc = read(join(ROOT, 'docs', 'auth0-behaviour.md'));
    const ids = [...doc.matchAll(/^\| (B-[A-Z-]+\d+) \|/gm)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});
