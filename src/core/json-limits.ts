/**
 * How much JSON from the network or a token pwless agrees to read. V8's JSON.parse is iterative and
 * takes any depth, but JSON.stringify and every recursive walk (redaction, the views, the --json
 * document) overflow the stack a few thousand levels down: a claim nested 20,000 deep would end the
 * run with a RangeError instead of an answer. So depth is counted on the text, before parsing, with
 * no recursion at all, and a text nested deeper than MAX_JSON_DEPTH is refused (docs/security.md,
 * "What reaches your terminal and your files").
 */

/**
 * Levels of arrays and objects. Real tokens and answers nest a handful (Auth0's `mfa_requirements`
 * is 3 deep, a namespaced claim rarely more than 5); 64 is far from both that and the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether a JSON text opens more than `limit` arrays or objects inside one another (brackets inside strings do not count). */
export function nestedDeeperThan(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // a backslash escapes the next character (RFC 8259 §7)
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) {
      depth--;
    }
  }
  return false;
}

export type JsonRead = { ok: true; value: unknown } | { ok: false; tooDeep: boolean; problem: string };

/** A JSON text parsed within the depth bound; otherwise what is wrong with it, as a phrase ("JSON nested deeper than 64 levels"). */
export function readJson(text: string): JsonRead {
  if (nestedDeeperThan(text)) return { ok: false, tooDeep: true, problem: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, tooDeep: false, problem: (error as Error).message };
  }
}

/**
 * Whether a parsed value holds a number JSON.parse turned into ±Infinity (`1e400`: RFC 8259 §6 warns
 * that such numbers are not interoperable). Such a value cannot be shown or written back as it was
 * (JSON.stringify writes `null`). Call only on a value read within the depth bound: it recurses.
 */
export function holdsInfinity(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(holdsInfinity);
}
