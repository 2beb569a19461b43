/**
 * src/core/undici-parts.ts loads undici's own files instead of its index: they must still be the
 * very classes and functions the index exports, sharing its global dispatcher (a MockAgent set
 * through the index answers request() of the parts).
 */
import * as undici from 'undici';
import { describe, expect, it } from 'vitest';
import { Agent, envHttpProxyAgent, errors, request } from '../../../src/core/undici-parts.ts';
import { useMockAgent } from '../helpers/mock-agent.ts';

describe('undici parts', () => {
  const mock = useMockAgent();

  it('are the classes the index exports', async () => {
    expect(Agent).toBe(undici.Agent);
    expect(await envHttpProxyAgent()).toBe(undici.EnvHttpProxyAgent);
    expect(errors).toBe(undici.errors);
    expect(new errors.HeadersTimeoutError()).toBeInstanceOf(undici.errors.HeadersTimeoutError);
  });

  it('send request() through the global dispatcher, path and query as given', async () => {
    mock()
      .get('https://tenant.example.com')
      .intercept({ path: '/a/b?x=1&y=2', method: 'POST', headers: { 'x-test': 'yes' }, body: 'hello' })
      .reply(201, 'made', { headers: { 'x-answer': '42' } });
    const res = await request(new URL('https://tenant.example.com/a/b?x=1&y=2'), { method: 'POST', headers: { 'x-test': 'yes' }, body: 'hello' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-answer']).toBe('42');
    expect(await res.body.text()).toBe('made');
  });

  it('send request() through the dispatcher given, when one is', async () => {
    const own = new undici.MockAgent();
    own.disableNetConnect();
    own.get('https://other.example.com').intercept({ path: '/', method: 'GET' }).reply(200, 'own');
    try {
      const res = await request(new URL('https://other.example.com/'), { method: 'GET', dispatcher: own });
      expect(await res.body.text()).toBe('own');
      own.assertNoPendingInterceptors();
    } finally {
      await own.close();
    }
  });
});
