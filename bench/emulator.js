#!/usr/bin/env node
// Emulator throughput over many full logins (POST /passwordless/start, GET /__emulator/outbox?to=,
// POST /oauth/token), each with its own email address, at a fixed concurrency over loopback.
// The emulator runs in a child process (bench/emulator-server.js) so that its CPU per login can be
// set against one RSA-2048 signature made with node:crypto in this run (the machine's speed cancels
// out), and its RSS read before and after. Bounded: --logins N (default 15000, ~30 s) and --max-seconds.
// Usage: node bench/emulator.js [--logins 100000] [--concurrency 32] [--max-seconds 600] [--json FILE]
// (npm run bench builds dist/ first)
import { fork } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';

const { values } = parseArgs({
  options: {
    logins: { type: 'string', default: '15000' },
    concurrency: { type: 'string', default: '32' },
    'max-seconds': { type: 'string', default: '600' },
    json: { type: 'string' },
  },
});
const LOGINS = Number(values.logins);
const CONCURRENCY = Number(values.concurrency);
const MAX_MS = Number(values['max-seconds']) * 1000;
const BATCH = LOGINS >= 100_000 ? 10_000 : Math.max(1, Math.round(LOGINS / 10));
const CLIENT_ID = 'emulator-native';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU microseconds of one RSA-2048 PKCS#1 v1.5 SHA-256 signature (RS256), median of 200. */
function signatureCpuMicros() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.alloc(300, 'a');
  for (let i = 0; i < 20; i++) sign('sha256', data, privateKey);
  const samples = [];
  for (let i = 0; i < 200; i++) {
    const before = process.cpuUsage();
    sign('sha256', data, privateKey);
    const used = process.cpuUsage(before);
    samples.push(used.user + used.system);
  }
  return median(samples);
}

// --expose-gc only lets the child collect before reading its live heap at the end (after the CPU
// and RSS figures are taken); it changes nothing in how the heap is managed.
const child = fork(new URL('./emulator-server.js', import.meta.url), [], {
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  execArgv: [...process.execArgv, '--expose-gc'],
});
const ask = async (what) => {
  child.send(what);
  const [reply] = await once(child, 'message');
  return reply;
};
const [{ url }] = await once(child, 'message');
const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });

async function json(method, path, body) {
  const response = await request(new URL(path, url), {
    method,
    dispatcher,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
  return JSON.parse(text);
}

async function login(n) {
  const email = `bench-${n}@example.com`;
  await json('POST', '/passwordless/start', { client_id: CLIENT_ID, connection: 'email', email, send: 'code' });
  const { messages } = await json('GET', `/__emulator/outbox?to=${encodeURIComponent(email)}`);
  const otp = messages[0].code;
  const tokens = await json('POST', '/oauth/token', {
    grant_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
    client_id: CLIENT_ID,
    realm: 'email',
    username: email,
    otp,
    scope: 'openid profile email',
  });
  if (typeof tokens.id_token !== 'string') throw new Error('no id_token');
}

const signMicros = signatureCpuMicros();
// Warm-up (JIT, keys, connections), not counted.
await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => login(`warm-${i}`)));
const heapBefore = (await ask('heap')).heap;
const before = (await ask('usage')).usage;

let next = 0;
let done = 0;
let errors = 0;
const started = performance.now();
let batchStarted = started;
const batches = [];
async function worker() {
  while (next < LOGINS && performance.now() - started < MAX_MS) {
    const n = next++;
    try {
      await login(n);
    } catch (error) {
      errors += 1;
      if (errors <= 3) console.error(String(error));
    }
    done += 1;
    if (done % BATCH === 0) {
      const now = performance.now();
      batches.push(BATCH / ((now - batchStarted) / 1000));
      batchStarted = now;
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const elapsed = (performance.now() - started) / 1000;
const after = (await ask('usage')).usage;
const heapAfter = (await ask('heap')).heap;
child.send('close');
await once(child, 'exit');
await dispatcher.close();

const cpuMicros = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
const perLogin = cpuMicros / done;
const mb = (bytes) => (bytes / 2 ** 20).toFixed(0);
console.log(
  `Node ${process.versions.node}, ${done} logins (${errors} errors) at concurrency ${CONCURRENCY} in ${elapsed.toFixed(1)} s: ${(done / elapsed).toFixed(0)} logins/s`,
);
console.log(`  logins/s per batch of ${BATCH}: ${batches.map((x) => x.toFixed(0)).join(' → ')}`);
if (batches.length >= 2) console.log(`  last batch / first batch: ${((batches.at(-1) / batches[0]) * 100).toFixed(0)}%`);
console.log(
  `  emulator CPU per login: ${(perLogin / 1000).toFixed(2)} ms = ×${(perLogin / signMicros).toFixed(2)} one RSA-2048 signature (${(signMicros / 1000).toFixed(2)} ms, median of 200)`,
);
console.log(`  emulator RSS: ${mb(before.rss)} MB → ${mb(after.rss)} MB (+${mb(after.rss - before.rss)} MB)`);
// Where the RSS went: what the emulator still holds (live heap after a full GC) and the V8 young
// generation, which V8 grows while a busy process keeps allocating and does not give back at once.
console.log(
  `  after a full GC: live heap ${mb(heapBefore.used)} MB → ${mb(heapAfter.used)} MB (+${mb(heapAfter.used - heapBefore.used)} MB, ` +
    `${((heapAfter.used - heapBefore.used) / done).toFixed(0)} bytes per login); V8 young generation ${mb(heapBefore.newSpace)} MB → ${mb(heapAfter.newSpace)} MB; ` +
    `V8 heap committed ${mb(heapBefore.committed)} MB → ${mb(heapAfter.committed)} MB; external ${mb(heapBefore.external)} MB → ${mb(heapAfter.external)} MB; RSS ${mb(heapAfter.rss)} MB`,
);
if (values.json !== undefined) {
  const toMb = (bytes) => bytes / 2 ** 20;
  const figures = {
    logins: done,
    errors,
    concurrency: CONCURRENCY,
    seconds: elapsed,
    loginsPerSecond: done / elapsed,
    batch: BATCH,
    batches,
    lastOverFirst: batches.length >= 2 ? batches.at(-1) / batches[0] : null,
    cpuPerLoginMs: perLogin / 1000,
    signatureMs: signMicros / 1000,
    cpuRatio: perLogin / signMicros,
    rssBeforeMb: toMb(before.rss),
    rssAfterMb: toMb(after.rss),
    rssGrowthMb: toMb(after.rss - before.rss),
    liveHeapGrowthMb: toMb(heapAfter.used - heapBefore.used),
    liveHeapBytesPerLogin: (heapAfter.used - heapBefore.used) / done,
    youngGenerationMb: [toMb(heapBefore.newSpace), toMb(heapAfter.newSpace)],
    heapCommittedMb: [toMb(heapBefore.committed), toMb(heapAfter.committed)],
    externalMb: [toMb(heapBefore.external), toMb(heapAfter.external)],
  };
  writeFileSync(values.json, JSON.stringify(figures, null, 2));
}
if (errors > 0) process.exitCode = 1;
