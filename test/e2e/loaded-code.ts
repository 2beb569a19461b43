/**
 * Which code a run of the real binary loads. A module hook (Node's module.registerHooks) names
 * every module as it resolves; a file of dist/ is then expanded into the source files it holds,
 * read from esbuild's metafile (dist/meta.json, written by scripts/build.js). So a test can say
 * "token decode ran no jose" of the bundled build as it ships, in terms of sources.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BIN, cleanEnv } from './cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

export interface LoadedCode {
  stdout: string;
  stderr: string;
  /** Every module that resolved: file URLs, and node: builtins. */
  urls: string[];
  /**
   * The source files of the code that loaded, relative to the repository: src/…, node_modules/….
   * A loaded file of dist/ counts all its sources as loaded, so "not loaded" is exact, and
   * "loaded" says the file holding that source was (a CommonJS module in it runs when required).
   */
  sources: string[];
  /** The loaded sources that import this builtin themselves (`node:http`), by import or require(). */
  importersOf(builtin: string): string[];
}

const HOOK = `data:text/javascript,${encodeURIComponent(
  `import { registerHooks } from 'node:module';
registerHooks({ resolve(specifier, context, next) {
  const result = next(specifier, context);
  process.stderr.write('resolved ' + result.url + '\\n');
  return result;
} });`,
)}`;

export async function loadedCode(args: readonly string[], env: Record<string, string> = {}): Promise<LoadedCode> {
  const meta = JSON.parse(readFileSync(resolve(ROOT, 'dist/meta.json'), 'utf8')) as Metafile;
  const result = await run(process.execPath, ['--import', HOOK, BIN, ...args], { env: cleanEnv(env), timeout: 30_000 }).catch(
    (failed: { stdout: string; stderr: string }) => failed, // a usage error exits 2; its output is what is checked
  );
  const urls = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('resolved '))
    .map((line) => line.slice('resolved '.length));
  const sources = new Set<string>();
  for (const url of urls.filter((u) => u.startsWith('file:'))) {
    const path = relative(ROOT, fileURLToPath(url));
    const output = meta.outputs[path];
    if (output === undefined) sources.add(path);
    else for (const input of Object.keys(output.inputs)) sources.add(input);
  }
  const loaded = [...sources];
  return {
    stdout: result.stdout,
    stderr: result.stderr.replace(/^resolved .*\n/gm, ''),
    urls,
    sources: loaded,
    importersOf: (builtin) => loaded.filter((source) => meta.inputs[source]?.imports.some((i) => i.path === builtin && i.external === true)),
  };
}
