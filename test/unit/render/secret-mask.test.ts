/**
 * The last redaction at the edge (src/render/secret-mask.ts), issue 22 item 3: every known secret
 * value masked wherever it stands and however an echo spells it, short values only as whole
 * words, and the values the user asked to see left whole.
 */
import { describe, expect, it } from 'vitest';
import { Secrets } from '../../../src/core/secrets.ts';
import { maskSecrets } from '../../../src/render/secret-mask.ts';

const SECRET = 'app/secret+with "quotes" & spaces';
const REFRESH = 'v1.MRrdzKLbA7bJBqKq2Vx1wRtNjZ3Kq8Eyu-1Lb6ZkQr4';

function registry(...values: string[]): Secrets {
  const secrets = new Secrets();
  for (const value of values) secrets.add(value);
  return secrets;
}

describe('maskSecrets', () => {
  const values = registry(SECRET, REFRESH, '482913');

  it.each([
    ['as is', `echo: client_secret=${SECRET}`, 'echo: client_secret=••••aces'],
    [
      'form-encoded, as a body echo spells it',
      `echo: client_secret=${new URLSearchParams({ s: SECRET }).toString().slice(2)}&x=1`,
      'echo: client_secret=••••aces&x=1',
    ],
    ['percent-encoded', `?s=${encodeURIComponent(SECRET)}#`, '?s=••••aces#'],
    ['JSON-escaped', JSON.stringify({ error_description: `got ${SECRET}` }), '{"error_description":"got ••••aces"}'],
    ['a token, keeping its last 4 characters', `refresh_token=${REFRESH}&`, 'refresh_token=••••kQr4&'],
    ['a code as a whole word', 'otp=482913&grant_type=x', 'otp=••••&grant_type=x'],
  ])('%s', (_how, text, masked) => {
    expect(maskSecrets(text, values)).toBe(masked);
  });

  it('keeps no tail that is not plain: it could break the JSON or the URL it stands in', () => {
    expect(maskSecrets('x "a secret"" y', registry('a secret"'))).toBe('x "••••" y');
  });

  it('a short value is not masked inside a longer word or number', () => {
    expect(maskSecrets('iat 1767482913 and kid-482913x and ab482913', values)).toBe('iat 1767482913 and kid-482913x and ab482913');
  });

  it('a long value is masked anywhere, even inside a word', () => {
    expect(maskSecrets(`xx${REFRESH}yy`, values)).toBe('xx••••kQr4yy');
  });

  it('leaves the revealed values whole, and masks the same secrets elsewhere in the line', () => {
    const doc = JSON.stringify({ error: { description: `echo refresh_token=${REFRESH}` }, tokens: { refresh_token: REFRESH } });
    expect(maskSecrets(`echo ${SECRET} ${REFRESH}`, values, [REFRESH])).toBe(`echo ••••aces ${REFRESH}`);
    expect(maskSecrets(doc, values, [REFRESH])).toBe(doc);
    expect(maskSecrets(doc, values)).toBe(JSON.stringify({ error: { description: 'echo refresh_token=••••kQr4' }, tokens: { refresh_token: '••••kQr4' } }));
  });

  it('a revealed token that holds a code is not cut by the code', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.abc-482913_def';
    expect(maskSecrets(`${token} 482913`, registry(token, '482913'), [token])).toBe(`${token} ••••`);
  });

  it('nothing known, nothing changed', () => {
    expect(maskSecrets('client_secret=abc', new Secrets())).toBe('client_secret=abc');
  });
});

describe('maskSecrets with many values known (smoke --repeat registers a code and 3 tokens a run)', () => {
  // 10,000 values: 2,500 runs, each a 6-digit code and three tokens. Timing is in bench/mask.js, not here.
  const secrets = new Secrets();
  const code = (run: number) => String(100_000 + run * 7);
  const token = (run: number, kind: string) => `${kind}.${run.toString(36).padStart(6, '0')}-${'Q'.repeat(30)}-tail`;
  for (let run = 0; run < 2500; run++) for (const value of [code(run), token(run, 'at'), token(run, 'id'), token(run, 'rt')]) secrets.add(value);

  it('masks every one of them, however spelt, in 1,000 lines, and nothing else', () => {
    for (let line = 0; line < 1000; line++) {
      const run = (line * 37) % 2500;
      const text = `[${line}/1000] ok ${line * 13} ms code=${code(run)} ${encodeURIComponent(token(run, 'rt'))} ${JSON.stringify({ t: token(run, 'at') })}`;
      expect(maskSecrets(text, secrets)).toBe(`[${line}/1000] ok ${line * 13} ms code=•••• ••••tail {"t":"••••tail"}`);
    }
  });

  it('finds a value that holds the mask character, formed only once another value is masked', () => {
    expect(maskSecrets('aaaaaaa bb', registry('aaaaaaa', '•••• bb'))).toBe('••••');
  });
});

describe('Secrets', () => {
  it('ignores what is too short to mask in free text, and lists the longest first', () => {
    const secrets = new Secrets();
    for (const value of ['12345', '123456', 'a-much-longer-secret', undefined, 42]) secrets.add(value);
    expect(secrets.values()).toEqual(['a-much-longer-secret', '123456']);
  });
});
