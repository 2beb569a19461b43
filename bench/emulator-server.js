// The emulator under bench/emulator.js, in a process of its own so that its CPU and RSS are its
// alone. Started with an IPC channel: it sends {url} once listening, answers {usage} requests
// with its process.cpuUsage() and RSS, {heap} requests (after a full GC, when started with
// --expose-gc) with the live heap and the V8 young generation's committed size, and closes on {close}.
import { getHeapSpaceStatistics } from 'node:v8';
import { startEmulator } from '../dist/emulator/library.js';

const emulator = await startEmulator({ limits: false });
const usage = () => ({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
const heap = () => {
  globalThis.gc?.();
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  const memory = process.memoryUsage();
  return { used: memory.heapUsed, committed: memory.heapTotal, external: memory.external, newSpace: newSpace?.physical_space_size ?? 0, rss: memory.rss };
};
process.on('message', async (message) => {
  if (message === 'usage') process.send({ usage: usage() });
  if (message === 'heap') process.send({ heap: heap() });
  if (message === 'close') {
    await emulator.close();
    process.disconnect();
  }
});
process.send({ url: emulator.url });
