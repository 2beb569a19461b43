/**
 * Reading standard input within a deadline and until Ctrl-C: one line (the code, or a message
 * holding it), or all of it (a message, a JWT, a secret). A closed stdin is told apart from a
 * timeout, so the error can say which happened.
 */
import { createInterface } from 'node:readline';
import { InterruptedError, NetworkError } from './errors.ts';

/** The first line; `null` when stdin ended before one; undefined when the deadline passed. */
export function readLine(stream: NodeJS.ReadableStream, timeoutMs: number, signal: AbortSignal | undefined): Promise<string | null | undefined> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: stream, terminal: false });
    let settled = false;
    const finish = (value: string | null | undefined, error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      rl.close();
      if (error !== undefined) reject(error);
      else resolve(value);
    };
    const onAbort = () => finish(undefined, interrupted());
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    rl.once('line', (line) => finish(line));
    rl.once('close', () => finish(null));
  });
}

/** All of standard input, up to its end; a deadline or Ctrl-C before the end is an error. */
export function readAll(stream: NodeJS.ReadableStream, timeoutMs: number, signal: AbortSignal | undefined, what = 'standard input'): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const collect = (chunk: Buffer | string) => {
      text += chunk.toString();
    };
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stream.off('data', collect);
      stream.off('end', onEnd);
      stream.off('error', onEnd);
      stream.pause();
      if (error !== undefined) reject(error);
      else resolve(text);
    };
    const onEnd = () => finish();
    const onAbort = () => finish(interrupted());
    const timer = setTimeout(
      () =>
        finish(
          new NetworkError(`${what} did not end within ${timeoutMs / 1000} s.`, {
            code: 'stdin_timeout',
            hint: 'Close the pipe after writing (EOF), or raise --timeout.',
          }),
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', collect);
    stream.once('end', onEnd);
    stream.once('error', onEnd);
    stream.resume();
  });
}

function interrupted(): InterruptedError {
  return new InterruptedError('Interrupted while reading standard input.', { code: 'interrupted' });
}
