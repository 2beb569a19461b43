/**
 * How deep a JSON value may nest (docs/emulator.md "Everything else"). V8 parses any depth a 64 KiB
 * body can hold, but serialises recursively: a fault body 20,000 levels deep was accepted, then
 * `JSON.stringify` overflowed the stack on every answer that carried it, and the connection dropped.
 * A control body or a fault body deeper than {@link MAX_JSON_DEPTH} is refused where it comes in,
 * so nothing deeper is ever kept.
 */

/** Levels of arrays and objects, the top one counted: `{"a":[1]}` is 2 deep. Ample for any fault body or control request. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether `value` nests arrays and objects more than `max` levels deep. Iterative, so the check
 * itself cannot overflow. A value shared by several parents (a library caller's object, never a
 * parsed body) is walked again only when reached deeper than before, at most `max` times, and a
 * cycle counts as too deep.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const reached = new Map<object, number>();
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > max) return true;
    if ((reached.get(item) ?? 0) >= depth) continue;
    reached.set(item, depth);
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
