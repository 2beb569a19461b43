/**
 * `--otp-from file:PATH`: waits for the file to appear (a mail hook or a test writing the message)
 * and to hold a code (or link). A file last written before the code was requested is an older message and
 * is not read.
 */
import { readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadContext } from './read-context.ts';

const POLL_MS = 200;
/** File systems with coarse timestamps may date a fresh write slightly before `since`. */
const MTIME_SLACK_MS = 2000;

export async function fromFile(path: string, rc: ReadContext, extract: (text: string) => string | undefined): Promise<string | undefined> {
  const deadline = Date.now() + rc.timeoutMs;
  for (;;) {
    const code = await tryRead(path, rc, extract);
    if (code !== undefined) return code;
    if (Date.now() + POLL_MS > deadline) return undefined;
    await sleep(POLL_MS, undefined, rc.signal ? { signal: rc.signal } : {});
  }
}

async function tryRead(path: string, rc: ReadContext, extract: (text: string) => string | undefined): Promise<string | undefined> {
  try {
    if ((await stat(path)).mtimeMs < rc.sinceMs - MTIME_SLACK_MS) return undefined;
    return extract(await readFile(path, 'utf8'));
  } catch {
    return undefined; // not there yet, or being replaced
  }
}
