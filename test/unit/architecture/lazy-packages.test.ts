// A lazy import() of a package must reach an ES module: the bundle (scripts/build.js) gives an
// import() of a CommonJS build only its default export, so `(await import('pkg')).Named` would be
// undefined in dist/ while it works from src/ (Node names CommonJS exports itself). A CommonJS
// package is imported statically from a small module of its own, which is lazily imported
// (src/core/undici-proxy.ts). Where a package has no exports map, the build takes its "module".
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tsFilesUnder } from './ts-files.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Whether the entry a bundler on Node picks (exports "import", else "module", else main under "type") is an ES module. */
function importsAsEsm(name: string): boolean {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
  const dot = typeof manifest.exports === 'object' && manifest.exports !== null ? (manifest.exports['.'] ?? manifest.exports) : undefined;
  const picked = typeof dot === 'string' ? dot : (dot?.import?.default ?? dot?.import ?? dot?.default ?? manifest.module ?? manifest.main ?? 'index.js');
  if (typeof manifest.module === 'string' && dot === undefined) return true;
  return String(picked).endsWith('.mjs') || (manifest.type === 'module' && !String(picked).endsWith('.cjs'));
}

describe('lazy imports of packages', () => {
  const lazy = tsFilesUnder(join(root, 'src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bimport\(\s*'([^.'][^']*)'\s*\)/g)].map((m) => ({ file: relative(root, file), specifier: m[1] as string })),
  );

  it('finds the lazy imports it checks', () => {
    expect(lazy.map((l) => l.specifier)).toEqual(expect.arrayContaining(['@inquirer/prompts', 'conf', 'liquidjs']));
  });

  it('reach ES modules only (a CommonJS package goes through a static import in a module of its own)', () => {
    const name = (specifier: string) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
    const commonJs = lazy.filter((l) => !importsAsEsm(name(l.specifier))).map((l) => `${l.file}: import('${l.specifier}')`);
    expect(commonJs).toEqual([]);
  });

  it('tells CommonJS from ES packages (undici is CommonJS, jose and conf are ES modules)', () => {
    expect(importsAsEsm('undici')).toBe(false);
    expect(importsAsEsm('jose')).toBe(true);
    expect(importsAsEsm('conf')).toBe(true);
  });
});
