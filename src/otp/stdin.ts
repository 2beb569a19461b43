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
