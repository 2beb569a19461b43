/**
 * The one sanitizer between outside text and the terminal (src/render/terminal-text.ts), issue 22
 * item 4: controls shown escaped, pwless's own colours (marked by the chalk of render/color.ts)
 * kept, and --json documents that parse to exactly the same values.
 */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { colorFor } from '../../../src/render/color.ts';
import { escapeControls, jsonText, REDRAW_PREVIOUS_LINE, terminalLine, trustedStyles } from '../../../src/render/terminal-text.ts';

const ESC = '\u001b';
const colours = trustedStyles(new Chalk({ level: 1 }));

describe('escapeControls', () => {
  it.each([
    ['clipboard write (OSC 52)', `a${ESC}]52;c;aGk=\u0007b`, 'a\\x1b]52;c;aGk=\\x07b'],
    ['erase line and return', `x${ESC}[2K\r✓ ID token verified`, 'x\\x1b[2K\\r✓ ID token verified'],
    ['a line break', 'one\ntwo', 'one\\ntwo'],
    ['NUL and DEL', '\u0000\u007f', '\\x00\\x7f'],
    ['C1 CSI', 'a\u009b31mb', 'a\\u009b31mb'],
    ['bidi override and isolate', 'abc\u202etxt.exe\u2066x\u2069', 'abc\\u202etxt.exe\\u2066x\\u2069'],
    ['bidi marks', '\u200e\u200f\u061c', '\\u200e\\u200f\\u061c'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
  ])('%s', (_name, text, shown) => {
    expect(escapeControls(text)).toBe(shown);
  });

  it('keeps printable text, TAB and non-Latin scripts as they are', () => {
    const text = 'José 山田 ✓ 😀\tcolumn — «ok»';
    expect(escapeControls(text)).toBe(text);
  });
});

describe('terminalLine with the marked colours of render/color.ts', () => {
  it("keeps pwless's own colours and escapes a value's escape sequences, inside a style call or around one", () => {
    const claim = `${ESC}[2K\r${ESC}[32m✓ ID token verified`;
    expect(terminalLine(`${colours.dim('email')}  ${claim}`)).toBe(`${ESC}[2memail${ESC}[22m  \\x1b[2K\\r\\x1b[32m✓ ID token verified`);
    expect(terminalLine(colours.red(`error: ${claim}`))).toBe(`${ESC}[31merror: \\x1b[2K\\r\\x1b[32m✓ ID token verified${ESC}[39m`);
  });

  it('nested styles re-open the outer one as chalk does', () => {
    const chalk = new Chalk({ level: 1 });
    expect(terminalLine(colours.bold(`a ${colours.dim('b')} c`))).toBe(chalk.bold(`a ${chalk.dim('b')} c`));
    expect(terminalLine(colours.bold.red('x'))).toBe(`${ESC}[1m${ESC}[31mx${ESC}[39m${ESC}[22m`);
  });

  it('without colour, nothing but escaped text: --no-color, NO_COLOR and pipes are as safe', () => {
    const plain = colorFor({ isTTY: false }, { env: {}, noColorFlag: true });
    expect(terminalLine(plain.green(`a${ESC}]52;c;x\u0007`))).toBe('a\\x1b]52;c;x\\x07');
  });

  it('the mark never reaches the terminal, and the redraw of the progress bar is a real control sequence', () => {
    const written = terminalLine(`${REDRAW_PREVIOUS_LINE}[####] 1/2 ${colours.red('x')}`);
    expect(written).toBe(`${ESC}[1A${ESC}[2K[####] 1/2 ${ESC}[31mx${ESC}[39m`);
    expect(written).not.toMatch(/\uf8ff/);
  });
});

describe('jsonText', () => {
  it('writes DEL, C1, the bidi controls and the line separators as \\u escapes: the document parses to the same values', () => {
    const value = { name: `a${ESC}]52;c;x\u0007`, sub: 's\u009b31m\u202eabc\u007f\u2028', tab: 'a\tb' };
    const document = JSON.stringify(value, null, 2);
    const text = jsonText(document);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('"sub": "s\\u009b31m\\u202eabc\\u007f\\u2028"');
    expect(text.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Bidi_Control}\p{Zl}]/u);
    expect(text.split('\n')).toHaveLength(document.split('\n').length);
  });

  it('drops styling marked for a terminal (a warning written for stderr, then listed in the document)', () => {
    expect(jsonText(JSON.stringify({ warnings: [colours.yellow('careful')] }))).toBe('{"warnings":["careful"]}');
  });
});
