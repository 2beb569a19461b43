/**
 * The one pass every line goes through on its way out (src/render/output-edge.ts): secrets masked,
 * then controls escaped, with pwless's own colours kept.
 */
import { describe, expect, it } from 'vitest';
import { Secrets } from '../../../src/core/secrets.ts';
import { colorFor } from '../../../src/render/color.ts';
import { edgeDocument, edgeLine } from '../../../src/render/output-edge.ts';

function registry(...values: string[]): Secrets {
  const secrets = new Secrets();
  for (const value of values) secrets.add(value);
  return secrets;
}

describe('edgeLine with colours', () => {
  const c = colorFor({ isTTY: true }, { env: {}, noColorFlag: false });

  it('masks a short value right after or before one of pwless’s own colour sequences', () => {
    const secrets = registry('482913');
    expect(edgeLine(`code ${c.bold('482913')}`, secrets)).toBe('code \u001b[1m••••\u001b[22m');
    expect(edgeLine(`${c.red('482913')}x`, secrets)).toBe('\u001b[31m••••\u001b[39mx');
    expect(edgeLine(c.green(`code ${c.bold('482913')}!`), secrets)).toBe('\u001b[32mcode \u001b[1m••••\u001b[22m!\u001b[39m');
  });

  it('still keeps a short value whole inside a longer word, coloured or not', () => {
    const secrets = registry('482913');
    expect(edgeLine(`iat ${c.bold('1767482913')} ab482913`, secrets)).toBe('iat \u001b[1m1767482913\u001b[22m ab482913');
  });

  it('in a document, a styled warning loses its styling and its code', () => {
    expect(edgeDocument(JSON.stringify({ warning: `code ${c.bold('482913')}` }), registry('482913'))).toBe('{"warning":"code ••••"}');
  });

  it('a colour is on: the sequences are real ones', () => {
    expect(edgeLine(c.bold('x'), new Secrets())).toBe('\u001b[1mx\u001b[22m');
  });
});
