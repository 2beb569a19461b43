/**
 * Waiting for a condition instead of sleeping a fixed time: `eventually(check)` runs `check` until
 * it returns without throwing (and not `false`), and fails with its last error after `timeoutMs`.
 *
 *   await eventually(() => expect(JSON.parse(readFileSync(file, 'utf8')).outbox).toHaveLength(1));
 */
import { setTimeout as sleep } from 'node:timers/promises';

export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 5000, intervalMs = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let failure: unknown;
    try {
      const value = await check();
      if (value !== false) return value;
      failure = new Error('the condition is still false');
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline) throw failure;
    await sleep(intervalMs);
  }
}
