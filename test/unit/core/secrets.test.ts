/** What send() registers of each request and answer (src/core/secrets.ts), issue 22 item 3. */
import { describe, expect, it } from 'vitest';
import { learnFromRequest, learnFromResponse, Secrets } from '../../../src/core/secrets.ts';

function learned(learn: (secrets: Secrets) => void): readonly string[] {
  const secrets = new Secrets();
  learn(secrets);
  return [...secrets.values()].sort();
}

describe('learnFromRequest', () => {
  it('the secret fields of a form, the query, and the credentials of Authorization (a Basic pair and its password)', () => {
    const basic = `Basic ${Buffer.from('ci:catcher-pass').toString('base64')}`;
    expect(
      learned((s) =>
        learnFromRequest(
          {
            url: new URL('https://t.example/passwordless/verify_redirect?verification_code=482913&client_id=public-client-id'),
            headers: { authorization: basic },
            form: { client_id: 'public-client-id', client_secret: 'the-client-secret', otp: '123456', username: 'a@example.com' },
          },
          s,
        ),
      ),
    ).toEqual(['123456', '482913', Buffer.from('ci:catcher-pass').toString('base64'), 'catcher-pass', 'the-client-secret'].sort());
  });

  it('a bearer token, and the secret fields of a JSON body at any depth', () => {
    expect(
      learned((s) =>
        learnFromRequest(
          { url: new URL('https://t.example/x'), headers: { Authorization: 'Bearer access-token-value' }, json: { a: { refresh_token: 'rt-value-1' } } },
          s,
        ),
      ),
    ).toEqual(['access-token-value', 'rt-value-1']);
  });
});

describe('learnFromResponse', () => {
  it('the tokens of a JSON answer, an mfa_token, the code of an outbox, the secrets of links and of a Location', () => {
    const body = JSON.stringify({
      access_token: 'at-value-1',
      nested: [{ mfa_token: 'mfa-token-value' }],
      messages: [{ code: '654321', link: 'https://t.example/passwordless/verify_redirect?verification_code=777777' }],
    });
    expect(learned((s) => learnFromResponse({ status: 200, headers: { location: '/cb?code=auth-code-value&state=st' }, text: body }, s))).toEqual(
      ['654321', '777777', 'at-value-1', 'auth-code-value', 'mfa-token-value'].sort(),
    );
  });

  it("a refusal's mfa_token, but not the `code` of Auth0's older {code, description} refusals: that is the error's name", () => {
    const refusal = (body: object) => learned((s) => learnFromResponse({ status: 403, headers: {}, text: JSON.stringify(body) }, s));
    expect(refusal({ code: 'bad.connection', description: 'Connection does not exist' })).toEqual([]);
    expect(refusal({ error: 'mfa_required', error_description: 'Multifactor authentication required', mfa_token: 'mfa-token-value' })).toEqual([
      'mfa-token-value',
    ]);
  });

  it('nothing from a body that is not JSON, or nests deeper than pwless reads', () => {
    expect(learned((s) => learnFromResponse({ status: 200, headers: {}, text: '<html>access_token=x</html>' }, s))).toEqual([]);
    expect(
      learned((s) => learnFromResponse({ status: 200, headers: {}, text: `{"a":${'['.repeat(100)}${']'.repeat(100)},"access_token":"at-value-1"}` }, s)),
    ).toEqual([]);
  });
});
