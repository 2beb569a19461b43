// The emulator under bench/state-file.js, in a process of its own so that the load's client does
// not share its event loop: started with the state file's path and an IPC channel, it sends {url}
// once listening, and closes (writing the state file a last time) on 'close'.
import { startEmulator } from '../dist/emulator/library.js';

const emulator = await startEmulator({ limits: false, stateFile: process.argv[2] });
process.on('message', async (message) => {
  if (message === 'close') {
    await emulator.close();
    process.disconnect();
  }
});
process.send({ url: emulator.url });
