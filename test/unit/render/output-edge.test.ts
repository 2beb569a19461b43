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

describe('edgeDocument', () => {
  it('leaves a number that equals a code a number, and the document valid', () => {
    const out = edgeDocument('{"elapsed_ms": 482913, "otp": "482913"}', registry('482913'));
    expect(JSON.parse(out)).toEqual({ elapsed_ms: 482913, otp: '••••' });
  });

  it('leaves a key that equals a password a key, and masks the same text as a value', () => {
    const out = edgeDocument(JSON.stringify({ expires_in: 86400, note: 'password expires_in', pw: 'expires_in' }, null, 2), registry('expires_in'));
    expect(JSON.parse(out)).toEqual({ expires_in: 86400, note: 'password ••••s_in', pw: '••••s_in' });
  });

  it('masks a secret in a body text a HAR entry holds, however that body spelt it', () => {
    const secret = 'pass "word" & more';
    const har = JSON.stringify({ response: { content: { text: JSON.stringify({ error_description: `bad ${secret}` }) } } }, null, 2);
    const out = edgeDocument(har, registry(secret));
    expect(JSON.parse(JSON.parse(out).response.content.text)).toEqual({ error_description: 'bad ••••more' });
  });

  it('keeps the revealed values whole in a document', () => {
    const token = 'v1.MRrdzKLbA7bJBqKq2Vx1wRtNjZ3Kq8Eyu-1Lb6ZkQr4';
    const doc = JSON.stringify({ tokens: { refresh_token: token }, echo: `x ${token}`, code: '482913' });
    expect(JSON.parse(edgeDocument(doc, registry(token, '482913'), [token]))).toEqual({ tokens: { refresh_token: token }, echo: `x ${token}`, code: '••••' });
  });

  it('masks a text that is not JSON as a line', () => {
    expect(edgeDocument('not json 482913', registry('482913'))).toBe('not json ••••');
  });
});
