#!/usr/bin/env node
// Cost of the last pass's masking (src/render/secret-mask.ts) as the run's registry grows: every
// line pwless writes is masked with every value the run knows, and `smoke --repeat` registers a
// code and 3 tokens a run. Reported as the cost of one 50-character progress line with N values
// known, as a ratio to the same line with 4 values known (one run), measured in the same process.
// Usage: node bench/mask.js [lines]   (Node 24 runs the TypeScript sources as they are)
import { Secrets } from '../src/core/secrets.ts';
import { maskSecrets } from '../src/render/secret-mask.ts';

const LINES = Number(process.argv[2] ?? 2000);
const line = (i) => `[${String(i).padStart(5)}/10000] ok login 482 ms, 3 tokens`.padEnd(50, ' ');

function registry(runs) {
  const secrets = new Secrets();
  for (let run = 0; run < runs; run++) {
    secrets.add(String(100_000 + run * 7));
    for (const kind of ['at', 'id', 'rt']) secrets.add(`eyJ${kind}.${run.toString(36)}-${'Q'.repeat(800)}`);
  }
  return secrets;
}

function perLine(secrets) {
  for (let i = 0; i < 500; i++) maskSecrets(line(i), secrets); // warm-up
  const start = performance.now();
  for (let i = 0; i < LINES; i++) maskSecrets(line(i), secrets);
  return (performance.now() - start) / LINES;
}

perLine(registry(1)); // the first measure warms the code up
const base = perLine(registry(1));
console.log(`| values known | per 50-char line | ratio |\n|---|---|---|`);
for (const runs of [1, 250, 2000, 2500]) {
  const start = performance.now();
  const secrets = registry(runs);
  const added = performance.now() - start;
  const cost = perLine(secrets);
  console.log(`| ${runs * 4} (registered in ${added.toFixed(0)} ms) | ${(cost * 1000).toFixed(1)} µs | ×${(cost / base).toFixed(2)} |`);
}
