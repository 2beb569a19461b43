#!/usr/bin/env node
// Start-up cost of the CLI, as ratios against an empty Node process measured in the same run
// (so the machine's speed cancels out). Runs are interleaved and bounded: RUNS per command.
// Usage: node bench/startup.js [runs]   (npm run bench builds dist/ first)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.argv[2] ?? 15);
const bin = fileURLToPath(new URL('../bin/pwless.js', import.meta.url));
// `profile list` reads a config file with one profile; `token decode` decodes an unsigned-looking JWT.
const configDir = mkdtempSync(join(tmpdir(), 'pwless-bench-'));
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
const commands = {
  'node -e 0': ['-e', '0'],
  'pwless --version': [bin, '--version'],
  'pwless --help': [bin, '--help'],
  'pwless token decode <jwt>': [bin, 'token', 'decode', jwt],
  'pwless profile list': [bin, 'profile', 'list'],
  'pwless start (usage error, no network)': [bin, 'start', '--domain', 'http://127.0.0.1:1', '--client-id', 'x', '--email', 'bad'],
};

const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let i = 0; i < RUNS + 2; i++) {
  for (const [name, args] of Object.entries(commands)) {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1', PWLESS_CONFIG_DIR: configDir } });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (i >= 2) samples[name].push(ms); // the first two rounds warm the file cache and compile cache
  }
}

rmSync(configDir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const baseline = median(samples['node -e 0']);
console.log(`Node ${process.versions.node}, ${RUNS} runs each, medians:`);
for (const [name, xs] of Object.entries(samples)) {
  console.log(`  ${name.padEnd(42)} ${median(xs).toFixed(1).padStart(7)} ms   ×${(median(xs) / baseline).toFixed(2)}`);
}
