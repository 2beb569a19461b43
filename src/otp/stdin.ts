/** One line from standard input (the code, or a message holding it), within a deadline. */
import { createInterface } from 'node:readline';

export function readLine(stream: NodeJS.ReadableStream, timeoutMs: number, signal: AbortSignal | undefined): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: stream, terminal: false });
    let settled = false;
    const finish = (value: string | undefined, error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      rl.close();
      if (error !== undefined) reject(error);
      else resolve(value);
    };
    const onAbort = () => finish(undefined, signal?.reason);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    rl.once('line', (line) => finish(line));
    rl.once('close', () => finish(undefined));
  });
}

/** All of standard input (a whole message), within a deadline; what came before it is kept. */
export async function readAll(stream: NodeJS.ReadableStream, timeoutMs: number): Promise<string> {
  let text = '';
  const collect = (chunk: Buffer | string) => void (text += chunk.toString());
  stream.on('data', collect);
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      stream.once('end', done);
      stream.once('error', done);
    });
  } finally {
    stream.off('data', collect);
    stream.pause();
  }
  return text;
}
