/** GET jwks_uri through send(): a key set comes back, anything else is a NetworkError jwks_unavailable (MockAgent, no network). */
import { describe, expect, it } from 'vitest';
import { useMockAgent } from '../helpers/mock-agent.ts';
import { NetworkError } from '../../../src/core/errors.ts';
import type { TraceSink } from '../../../src/core/http.ts';
import { fetchJwks } from '../../../src/core/jwks.ts';

const ORIGIN = 'https://tenant.example.com';
const JWKS_URI = `${ORIGIN}/.well-known/jwks.json`;
const mock = useMockAgent();
const jwks = () => mock().get(ORIGIN).intercept({ path: '/.well-known/jwks.json', method: 'GET' });
const KEY = { kty: 'RSA', kid: 'k1', n: 'AQAB', e: 'AQAB' };

async function refusal(): Promise<NetworkError> {
  const error = await fetchJwks(JWKS_URI, { timeoutMs: 2000 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NetworkError);
  return error as NetworkError;
}

describe('fetchJwks', () => {
  it('returns the key set, and the request is seen by the trace like any other', async () => {
    jwks().reply(200, { keys: [KEY] }, { headers: { 'content-type': 'application/json' } });
    const seen: string[] = [];
    const trace: TraceSink = { request: (r) => seen.push(`> ${r.method} ${r.url}`), response: (r) => seen.push(`< ${r.status}`) };
    expect(await fetchJwks(JWKS_URI, { timeoutMs: 2000, trace })).toEqual({ keys: [KEY] });
    expect(seen).toEqual([`> GET ${JWKS_URI}`, '< 200']);
  });

  it.each([
    [404, 'Not found', 'it answered HTTP 404: Not found'],
    [200, '<html>', 'the body is not JSON (no content-type)'],
    [200, '{"keys": {}}', 'the JSON has no "keys" array'],
    [200, '{"keys": [1]}', 'an entry of "keys" is not a JSON object'],
  ])('refuses HTTP %i with body %j', async (status, body, why) => {
    jwks().reply(status, body);
    const error = await refusal();
    expect(error).toMatchObject({ code: 'jwks_unavailable', status, message: `The JWKS at ${JWKS_URI} could not be read: ${why}.` });
    expect(error.hint).toContain('jwks_uri');
  });

  it('does not follow a redirect, and says so', async () => {
    jwks().reply(302, '', { headers: { location: 'https://elsewhere.example.com/keys?sig=secret' } });
    const error = await refusal();
    expect(error.message).toBe(
      `The JWKS at ${JWKS_URI} could not be read: it answered HTTP 302, a redirect to https://elsewhere.example.com/keys, which pwless does not follow.`,
    );
  });

  it('reports an unreachable host as the network error it is', async () => {
    jwks().replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const error = await refusal();
    expect(error.code).toBe('connection_refused');
  });
});
