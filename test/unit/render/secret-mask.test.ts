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

function registry(...values: string[]): readonly string[] {
  const secrets = new Secrets();
  for (const value of values) secrets.add(value);
  return secrets.values();
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
    expect(maskSecrets('client_secret=abc', [])).toBe('client_secret=abc');
  });
});

describe('Secrets', () => {
  it('ignores what is too short to mask in free text, and lists the longest first', () => {
    const secrets = new Secrets();
    for (const value of ['12345', '123456', 'a-much-longer-secret', undefined, 42]) secrets.add(value);
    expect(secrets.values()).toEqual(['a-much-longer-secret', '123456']);
  });
});
