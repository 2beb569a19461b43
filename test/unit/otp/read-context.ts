/** A ReadContext for the source tests: who the code went to, since when, how long to wait. */
import { Readable } from 'node:stream';
import type { ReadContext } from '../../../src/otp/read-context.ts';

export function readContextFor(identity: string, overrides: Partial<ReadContext> = {}): ReadContext {
  return {
    base: new URL('http://127.0.0.1:1/'),
    identity,
    sinceMs: Date.now(),
    timeoutMs: 5000,
    regex: undefined,
    http: { timeoutMs: 5000 },
    env: {},
    passEnv: [],
    stdin: Readable.from([]),
    signal: undefined,
    ...overrides,
  };
}
