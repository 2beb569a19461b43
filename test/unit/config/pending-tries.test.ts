/** recordTries (src/config/pending.ts): a refused code's tries are recorded on the login only while it is still pending (issue 22, item 6). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pendingKey, recordTries, removePending, savePending, type PendingLogin } from '../../../src/config/pending.ts';
import { ConfigStore } from '../../../src/config/store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const login: PendingLogin = {
  created_at: new Date().toISOString(),
  domain: 'https://tenant.example.com',
  client_id: 'app',
  connection: 'email',
  channel: 'email',
  identity: 'a@example.com',
  send: 'code',
};
const key = pendingKey(login.domain, login.client_id, login.identity);

async function storeWith(...logins: PendingLogin[]): Promise<ConfigStore> {
  const store = new ConfigStore(join(tempDir('pwless-tries-'), 'pwless'));
  for (const pending of logins) await savePending(store, pending);
  return store;
}

describe('recordTries', () => {
  it('records the tries of a login that is still pending, never fewer than recorded', async () => {
    const store = await storeWith(login);
    await recordTries(store, login, 2);
    await recordTries(store, login, 1);
    expect((await store.read()).pending?.[key]?.failed_attempts).toBe(2);
  });

  it('does not bring back a login another verify finished', async () => {
    const store = await storeWith(login);
    await removePending(store, login);
    await recordTries(store, login, 1);
    expect((await store.read()).pending).toEqual({});
  });

  it('does not touch the newer login of a later start to the same identity', async () => {
    const newer = { ...login, created_at: new Date(Date.now() + 1000).toISOString() };
    const store = await storeWith(newer);
    await recordTries(store, login, 3);
    expect((await store.read()).pending?.[key]).toEqual(newer);
  });
});
