#!/usr/bin/env node
// Start-up cost of the CLI, as ratios against an empty Node process measured in the same run
// (so the machine's speed cancels out). Runs are interleaved and bounded: RUNS per command.
// The last row is the whole non-interactive login (send, read the code from the outbox, exchange
// it, verify the ID token) against an emulator started once for the bench, in a process of its
// own (bench/emulator-server.js): spawnSync blocks this process's event loop, so an emulator in
// it could not answer. Every run must end with its expected exit code, or the bench fails.
// The "floor" rows run a named dependency alone, from node_modules, to show what it costs by
// itself where it stands between a command and its target (bench/RESULTS.md).
// Usage: node bench/startup.js [runs] [--json FILE]   (npm run bench builds dist/ first, and
// bench/run.js writes RESULTS.md from the JSON)
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.js';

const jsonAt = process.argv.indexOf('--json');
const jsonFile = jsonAt === -1 ? undefined : process.argv[jsonAt + 1];
const RUNS = Number(process.argv.slice(2).find((arg, i, all) => /^\d+$/.test(arg) && all[i - 1] !== '--json') ?? 15);
const WARMUP = 2; // the first rounds warm the file cache and compile cache
const bin = fileURLToPath(new URL('../bin/pwless.js', import.meta.url));
const tempDirs = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwless-bench-'));
  tempDirs.push(dir);
  return dir;
};
// The floors, bundled the way scripts/build.js bundles pwless, into a temp dir of their own.
// Built before anything else is made, so that a failed build leaves nothing behind.
const floorsDir = tempDir();
try {
  await build({
    ...bundleOptions,
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    entryPoints: ['bench/floors/commander-help.js', 'bench/floors/import-conf.js', 'bench/floors/login.js'],
    outdir: floorsDir,
  });
} catch (error) {
  rmSync(floorsDir, { recursive: true, force: true });
  throw error;
}
const floor = (file) => join(floorsDir, file);
// `profile list` reads a config file with one profile; `token decode` decodes an unsigned-looking JWT.
const configDir = tempDir();
writeFileSync(
  join(configDir, 'config.json'),
  JSON.stringify({
    schemaVersion: 1,
    defaultProfile: 'dev',
    profiles: { dev: { domain: 'https://tenant.example.com', clientId: 'bench', appType: 'native' } },
  }),
  { mode: 0o600 },
);
const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = `${part({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${part({ iss: 'https://tenant.example.com/', sub: 'email|bench', aud: 'bench', iat: 1_700_000_000, exp: 1_700_003_600 })}.${Buffer.from('signature').toString('base64url')}`;

const emulator = fork(fileURLToPath(new URL('./emulator-server.js', import.meta.url)), { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
const emulatorUrl = await new Promise((resolve, reject) => {
  emulator.once('message', (message) => resolve(message.url));
  emulator.once('exit', (code) => reject(new Error(`bench/emulator-server.js exited (${code}) before listening`)));
}).catch((error) => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  throw error;
});

// Each row: its arguments (a function of the run's index where a run needs its own), and the exit code it must end with.
const FLOW = 'pwless start --otp-from emulator --json';
const commands = {
  'node -e 0': { args: () => ['-e', '0'], exit: 0 },
  'pwless --version': { args: () => [bin, '--version'], exit: 0 },
  'pwless --help': { args: () => [bin, '--help'], exit: 0 },
  'pwless token decode <jwt>': { args: () => [bin, 'token', 'decode', jwt], exit: 0 },
  'pwless profile list': { args: () => [bin, 'profile', 'list'], exit: 0 },
  'pwless start (usage error, no network)': {
    args: () => [bin, 'start', '--domain', 'http://127.0.0.1:1', '--client-id', 'x', '--email', 'bad'],
    exit: 2,
  },
  // A fresh empty config dir and a distinct address per run: every run does the same work.
  [FLOW]: {
    args: (i) => [
      bin,
      'start',
      '--otp-from',
      'emulator',
      '--json',
      '--domain',
      emulatorUrl,
      '--client-id',
      'emulator-native',
      '--email',
      `bench-${i}@example.com`,
      '--config-dir',
      tempDir(),
    ],
    exit: 0,
  },
  'floor: commander alone, a program of pwless --help’s shape': { args: () => [floor('commander-help.js')], exit: 0 },
  'floor: import conf (and the Ajv it imports)': { args: () => [floor('import-conf.js')], exit: 0 },
  'floor: the same login with undici and jose alone': { args: (i) => [floor('login.js'), emulatorUrl, `floor-${i}@example.com`], exit: 0 },
};

const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
let failure;
try {
  for (let i = 0; i < RUNS + WARMUP && failure === undefined; i++) {
    for (const [name, { args, exit }] of Object.entries(commands)) {
      const argv = args(i);
      const started = process.hrtime.bigint();
      const run = spawnSync(process.execPath, argv, {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, NO_COLOR: '1', PWLESS_CONFIG_DIR: configDir },
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (run.status !== exit) {
        failure = `${name} (run ${i}) exited ${run.status ?? run.signal}, expected ${exit}:\n${run.stderr}`;
        break;
      }
      if (i >= WARMUP) samples[name].push(ms);
    }
  }
} finally {
  emulator.send('close');
  await new Promise((resolve) => emulator.once('exit', resolve));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}
if (failure !== undefined) {
  console.error(`bench/startup.js: ${failure}`);
  process.exit(1);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const baseline = median(samples['node -e 0']);
console.log(`Node ${process.versions.node}, ${RUNS} runs each, medians:`);
const rows = Object.entries(samples).map(([name, xs]) => ({ name, ms: median(xs), ratio: median(xs) / baseline }));
for (const { name, ms, ratio } of rows) console.log(`  ${name.padEnd(58)} ${ms.toFixed(1).padStart(7)} ms   ×${ratio.toFixed(2)}`);
if (jsonFile !== undefined) {
  writeFileSync(jsonFile, JSON.stringify({ node: process.versions.node, cpus: cpus().length, cpu: cpus()[0]?.model, runs: RUNS, rows }, null, 2));
}
