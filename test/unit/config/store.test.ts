import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../src/config/store.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const fresh = () => new ConfigStore(join(tempDir('pwless-store-'), 'pwless'));
const profile = (clientId: string) => ({ domain: 'https://t.example.com', clientId, appType: 'native' as const });

describe('ConfigStore', () => {
  it('reads an absent file as empty and creates nothing', async () => {
    const store = fresh();
    expect(await store.read()).toEqual({});
    expect(store.exists()).toBe(false);
  });

  it('writes the file 0600 in a 0700 directory', async () => {
    const store = fresh();
    await store.update((data) => {
      data.profiles = { dev: profile('a') };
    });
    expect(statSync(store.dir).mode & 0o777).toBe(0o700);
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(store.file, 'utf8'))).toEqual({ profiles: { dev: profile('a') }, schemaVersion: 1 });
  });

  it('loses no update when many run at once', async () => {
    const store = fresh();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        store.update((data) => {
          data.profiles = { ...data.profiles, [`p${i}`]: profile(`c${i}`) };
        }),
      ),
    );
    expect(Object.keys((await store.read()).profiles ?? {}).sort()).toHaveLength(12);
  });

  it('reports invalid JSON once, with its line and column', async () => {
    const store = fresh();
    await store.update(() => undefined);
    writeFileSync(store.file, '{\n  "profiles": {}\n  "tokens": {}\n}');
    const error = (await store.read().catch((e: unknown) => e)) as ConfigError;
    expect(error.message.startsWith(`The config file ${store.file} is not valid JSON: `)).toBe(true);
    expect(error.message).toMatch(/: unexpected character at line 3 column 3\.$/);
    expect(error.message.split(store.file)).toHaveLength(2);
  });

  it('never quotes the file in a JSON error: a secret in it stays out of the message', async () => {
    const store = fresh();
    await store.update(() => undefined);
    writeFileSync(store.file, '{\n  "profiles": {"p": {"secret": \'SUPERSECRET-value\'}}\n}');
    const error = (await store.read().catch((e: unknown) => e)) as ConfigError;
    expect(error.message).not.toContain('SUPERSECRET');
    expect(error.message).toMatch(/: unexpected character at line 2 column 32\.$/);
  });

  it.each([
    ['not JSON', '{"profiles": {', /is not valid JSON/],
    ['against the schema', JSON.stringify({ profiles: { dev: { domain: 'x' } } }), /schema violation/],
  ])('reports a file that is %s with its path, and leaves it untouched', async (_what, content, problem) => {
    const store = fresh();
    await store.update(() => undefined);
    writeFileSync(store.file, content);
    for (const attempt of [
      () => store.read(),
      () =>
        store.update((d) => {
          d.defaultProfile = 'x';
        }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).code).toBe('invalid_config');
      expect((error as ConfigError).message).toContain(store.file);
      expect((error as ConfigError).message).toMatch(problem);
    }
    expect(readFileSync(store.file, 'utf8')).toBe(content);
  });

  it('reports a directory it cannot create as a config error', async () => {
    const parent = tempDir('pwless-store-');
    writeFileSync(join(parent, 'file'), '');
    const store = new ConfigStore(join(parent, 'file', 'pwless'));
    const error = await store.update(() => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('config_unwritable');
  });
});
