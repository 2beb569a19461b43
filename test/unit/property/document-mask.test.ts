// Property tests of the last pass over a JSON document (--json on stdout, the HAR file:
// src/render/output-edge.ts edgeDocument): whatever the document and whatever secrets the run
// knows — its keys, its numbers, its strings, pieces of its text — the output parses, with the
// same keys, the same numbers and the same shape; only string values change, and a string value
// that is a registered secret never comes out whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Secrets } from '../../../src/core/secrets.ts';
import { edgeDocument } from '../../../src/render/output-edge.ts';
import { anyText, RUNS } from './hostile.ts';

/** The document with every string value blanked: its keys, numbers, booleans, nulls and shape. */
function skeleton(value: unknown): unknown {
  if (typeof value === 'string') return '';
  if (Array.isArray(value)) return value.map(skeleton);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, skeleton(member)]));
}

/** Every key, string and number text of a document, and every string value alone. */
function parts(value: unknown, into: { words: string[]; strings: string[] }): void {
  if (typeof value === 'string') into.strings.push(value);
  if (typeof value === 'string' || typeof value === 'number') into.words.push(String(value));
  if (value === null || typeof value !== 'object') return;
  for (const [key, member] of Object.entries(value)) {
    into.words.push(key);
    parts(member, into);
  }
}

const document = fc.tuple(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(undefined, 2),
  fc.array(anyText, { maxLength: 4 }),
  fc.array(fc.tuple(fc.nat(), fc.integer({ min: 6, max: 24 })), { maxLength: 4 }),
);

describe('edgeDocument', () => {
  it('any JSON document stays valid JSON of the same shape, whatever secrets are known', () => {
    fc.assert(
      fc.property(document, ([value, indent, extra, cuts]) => {
        const text = JSON.stringify(value, null, indent);
        const found = { words: [] as string[], strings: [] as string[] };
        parts(value, found);
        const secrets = new Secrets();
        for (const word of [...found.words, ...extra]) secrets.add(word);
        // Pieces of the text itself: across quotes, colons, escapes and numbers.
        for (const [at, length] of cuts) secrets.add(text.slice(at % Math.max(text.length, 1), (at % Math.max(text.length, 1)) + length));
        const out = edgeDocument(text, secrets);
        const parsed: unknown = JSON.parse(out);
        expect(skeleton(parsed)).toEqual(skeleton(JSON.parse(text)));
        const masked = { words: [] as string[], strings: [] as string[] };
        parts(parsed, masked);
        found.strings.forEach((string, i) => {
          if (string.length >= 6) expect(masked.strings[i]).not.toBe(string);
        });
      }),
      { numRuns: RUNS * 3 },
    );
  });
});
