/**
 * The one sanitizer between text pwless did not write — a tenant's error_description, a claim, a
 * response body, a mail catcher's answer — and a terminal. A terminal obeys what it is sent: ESC
 * starts a control sequence (ECMA-48 §5.4), so a claim holding `ESC ]52;c;…BEL` writes the
 * clipboard (xterm's OSC 52), and `ESC [2K` plus `\r` erases a line and writes another in its place,
 * such as a forged "✓ ID token verified". So every line pwless writes to stdout or stderr has its
 * control characters shown escaped instead of obeyed (docs/security.md, "What reaches your
 * terminal and your files"):
 *
 * - C0 controls (U+0000–U+001F) but TAB, and DEL (U+007F): `\x1b`, with `\n` and `\r` by name. A
 *   line is one line: a value's line break is shown, not obeyed, because a new line of its own is
 *   just what a forged line needs; pwless writes each of its lines separately.
 * - C1 controls (U+0080–U+009F): `\u009b`. U+009B is CSI on terminals that read 8-bit controls.
 * - The bidirectional controls (U+202A–U+202E, U+2066–U+2069, and the U+061C, U+200E, U+200F
 *   marks), which reorder what is shown ("Trojan Source", CVE-2021-42574), and the line and
 *   paragraph separators (U+2028, U+2029): `\u202e`.
 *
 * pwless's own colours must survive, yet they are made of the same ESC. Escaping values one by one
 * before they are styled would need every view to remember it; instead the colours are marked as
 * pwless's: the chalk instances handed to the views (render/color.ts) write a random per-run MARK
 * where chalk writes ESC, after escaping the text they are given; the writers (src/cli/context.ts)
 * escape the whole line and only then turn each MARK back into ESC. Text from outside cannot hold
 * the MARK (it is random and never printed), so it can never become a control sequence: not inside
 * a style call, not interpolated around one.
 */
import type { ChalkInstance } from 'chalk';

const ESC = '\u001b';

/** Stands for pwless's own ESC until the line is written: 128 random bits between two private-use characters. */
const MARK = `\uf8ff${Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')}\uf8ff`;

/**
 * What is shown escaped, by Unicode property: Cc (C0, DEL and C1: the controls), Bidi_Control (the
 * embeddings, overrides and isolates, and the ALM, LRM and RLM marks) and Zl, Zp (U+2028, U+2029).
 * TAB is a control too but is kept: it moves the cursor right and nothing else.
 */
const UNSAFE = /[\p{Cc}\p{Bidi_Control}\p{Zl}\p{Zp}]/gu;

function escaped(char: string): string {
  if (char === '\t') return char;
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  const code = char.charCodeAt(0);
  return code <= 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text with every control character shown escaped (`\x1b`, `\u009b`, `\n`); printable text, TAB included, as it is. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/** A line as the terminal gets it: everything escaped but pwless's own control sequences, which become real ones. */
export function terminalLine(line: string): string {
  return line.split(MARK).map(escapeControls).join(ESC);
}

/** One of pwless's own control sequences, marked: a colour (`[1m`), or the redraw's cursor up and erase (`[1A`, `[2K`). */
const OWN_SEQUENCE = new RegExp(`(${MARK}\\[[0-9;]*[A-Za-z])`);

/**
 * The line with `change` applied to the text between pwless's own control sequences, each piece on
 * its own, the sequences kept as they are: a sequence ends in a letter (`…[1m`), which must not
 * stand next to a value as if it were part of the value's word (src/render/output-edge.ts).
 */
export function betweenOwnSequences(line: string, change: (text: string) => string): string {
  if (!line.includes(MARK)) return change(line);
  return line
    .split(OWN_SEQUENCE)
    .map((piece, i) => (i % 2 === 1 ? piece : change(piece)))
    .join('');
}

/** Styling has no place in a document: the marked colour sequences (a warning styled for stderr) dropped. */
export function dropStyles(text: string): string {
  return text.replace(new RegExp(`${MARK}\\[[0-9;]*m`, 'g'), '');
}

/**
 * Erase the line above and write over it (ECMA-48 CUU "cursor up" and EL "erase in line"): the
 * progress bar's redraw, a control sequence of pwless's own, so marked as such.
 */
export const REDRAW_PREVIOUS_LINE = `${MARK}[1A${MARK}[2K`;

/**
 * A --json document as stdout gets it: the same JSON values, and no character a terminal would obey.
 * JSON.stringify already writes the C0 controls of strings as `\u001b` (the only raw ones left are
 * the document's own line breaks); DEL, C1, the bidi controls and the line separators it leaves
 * raw, so they are written as `\u009b` too: a valid JSON escape for the very same character
 * (RFC 8259 §7), so a parser reads exactly what it would have read. They can only stand inside
 * strings: JSON has no other place for them. Styling has no place in a document: a marked sequence
 * (a warning styled for stderr) is dropped.
 */
export function jsonText(text: string): string {
  return dropStyles(text).replace(UNSAFE, (char) => (char < ' ' ? char : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * A chalk instance whose output is marked as pwless's own: what it is given is escaped first (it
 * may be a claim), then styled, then each ESC of the styling becomes the MARK. Nested styles keep
 * working: a styled argument's MARKs are turned back into ESC before chalk sees it, so chalk
 * re-opens an outer style after an inner one closes, as it does without this wrapper.
 */
export function trustedStyles(chalk: ChalkInstance): ChalkInstance {
  return wrap(chalk as unknown as Styler) as ChalkInstance;
}

const wrapped = new WeakMap<object, unknown>();

/** A chalk instance or one of its stylers, as the proxy sees it: callable, with properties. */
type Styler = (...args: unknown[]) => unknown;

function wrap(target: Styler): unknown {
  const known = wrapped.get(target);
  if (known !== undefined) return known;
  // The proxy stands in front of a blank function rather than the styler itself: chalk defines each style it has built as a
  // read-only property, which a proxy of that object would have to return unwrapped (ECMA-262 §10.5.8, [[Get]] invariants).
  const proxy = new Proxy((() => undefined) as Styler, {
    // chalk's styles are getters on its prototype that build the next styler from `this`: run them on the real one.
    get(_blank, property) {
      const value = Reflect.get(target, property, target) as unknown;
      const isStyle = typeof property === 'string' && typeof value === 'function' && !(property in Function.prototype);
      return isStyle ? wrap(value as Styler) : value;
    },
    set(_blank, property, value) {
      return Reflect.set(target, property, value, target);
    },
    apply(_blank, self, args: unknown[]) {
      const result = Reflect.apply(
        target,
        self,
        args.map((arg) => (typeof arg === 'string' ? terminalLine(arg) : arg)),
      );
      if (typeof result === 'function') return wrap(result as Styler);
      return typeof result === 'string' ? result.replaceAll(ESC, MARK) : result;
    },
  });
  wrapped.set(target, proxy);
  return proxy;
}
