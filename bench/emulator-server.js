// The emulator under bench/emulator.js, in a process of its own so that its CPU and RSS are its
// alone. Started with an IPC channel: it sends {url} once listening, answers {usage} requests
// with its process.cpuUsage() and RSS, and closes on {close}.
import { startEmulator } from '../dist/emulator/library.js';

const emulator = await startEmulator({ limits: false });
const usage = () => ({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
process.on('message', async (message) => {
  if (message === 'usage') process.send({ usage: usage() });
  if (message === 'close') {
    await emulator.close();
    process.disconnect();
  }
});
process.send({ url: emulator.url });
