#!/usr/bin/env node
// The emulator's state file after many logins (docs/emulator.md "State file"): N logins with
// offline_access (so each mints a refresh token), spread over --users identities (default: one
// each; no two logins of one identity at once, since a new code voids the last), against an emulator with --state-file in a temporary directory, in a child process
// (bench/state-file-server.js). Prints what the file holds, its size, and how long one write takes:
// the median of --writes closes of an emulator started in this process on that file (close()
// writes the state once and does nothing else here, as no client is connected), and of the starts
// (read, check and restore the file, then write it once). A login that fails is counted, not retried.
// Usage: node bench/state-file.js [--logins 40000] [--users N] [--concurrency 32] [--writes 5] [--json FILE]
// (dist/ must be built: npm run build)
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { startEmulator } from '../dist/emulator/library.js';

const { values } = parseArgs({
  options: {
    logins: { type: 'string', default: '40000' },
    users: { type: 'string' },
    concurrency: { type: 'string', default: '32' },
    writes: { type: 'string', default: '5' },
    json: { type: 'string' },
  },
});
const LOGINS = Number(values.logins);
const USERS = values.users === undefined ? LOGINS : Number(values.users);
const CONCURRENCY = Math.min(Number(values.concurrency), USERS);
const WRITES = Number(values.writes);
const CLIENT_ID = 'emulator-native';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'pwless-bench-state-'));
const stateFile = join(dir, 'state.json');
try {
  const child = fork(new URL('./state-file-server.js', import.meta.url), [stateFile], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const [{ url }] = await once(child, 'message');
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const json = async (method, path, body) => {
    const response = await request(new URL(path, url), {
      method,
      dispatcher,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${text}`);
    return JSON.parse(text);
  };
  // Worker w logs in the identities w, w + CONCURRENCY, w + 2 × CONCURRENCY, … in turn: its own.
  const perWorker = Math.max(1, Math.floor(USERS / CONCURRENCY));
  const login = async (worker, turn) => {
    const email = `state-${worker + CONCURRENCY * (turn % perWorker)}@example.com`;
    await json('POST', '/passwordless/start', { client_id: CLIENT_ID, connection: 'email', email, send: 'code' });
    const { messages } = await json('GET', `/__emulator/outbox?to=${encodeURIComponent(email)}`);
    const tokens = await json('POST', '/oauth/token', {
      grant_type: 'http://auth0.com/oauth/grant-type/passwordless/otp',
      client_id: CLIENT_ID,
      realm: 'email',
      username: email,
      otp: messages[0].code,
      scope: 'openid offline_access',
    });
    if (typeof tokens.refresh_token !== 'string') throw new Error('no refresh_token');
  };

  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async (w) => {
    for (let turn = 0; next < LOGINS; turn++) {
      next += 1;
      try {
        await login(w, turn);
      } catch (error) {
        errors += 1;
        if (errors <= 3) console.error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  await dispatcher.close();
  child.send('close');
  await once(child, 'exit');

  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  const bytes = statSync(stateFile).size;
  const closes = [];
  const starts = [];
  for (let i = 0; i < WRITES; i++) {
    let began = performance.now();
    const again = await startEmulator({ limits: false, stateFile });
    starts.push(performance.now() - began);
    began = performance.now();
    await again.close();
    closes.push(performance.now() - began);
  }
  const figures = {
    node: process.versions.node,
    logins: LOGINS,
    errors,
    users: USERS,
    seconds,
    stateBytes: bytes,
    refreshTokens: state.refresh_tokens.length,
    usersKept: state.users.length,
    outbox: state.outbox.length,
    otps: state.otps.length,
    retiredOtps: (state.retired_otps ?? []).length,
    writeMs: median(closes),
    startMs: median(starts),
  };
  console.log(
    `Node ${figures.node}: ${LOGINS} logins (${errors} errors) with offline_access over ${USERS} identities in ${seconds.toFixed(1)} s; the state file: ` +
      `${(bytes / 2 ** 20).toFixed(2)} MiB (${figures.refreshTokens} refresh tokens, ${figures.usersKept} users, ${figures.outbox} messages, ${figures.otps} codes, ${figures.retiredOtps} used codes)`,
  );
  console.log(
    `  one write (close): median ${figures.writeMs.toFixed(0)} ms of ${WRITES}; a start on it (read, check, restore, write): median ${figures.startMs.toFixed(0)} ms`,
  );
  if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(figures, null, 2));
  if (errors > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
