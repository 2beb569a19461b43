/** A config file other users can get at is warned about on read (src/config/file-modes.ts; issue 22, item 8). */
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looseModesWarning } from '../../../src/config/file-modes.ts';
import { ConfigStore } from '../../../src/config/store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** config.json with `fileMode` in a directory with `dirMode`. */
function config(fileMode: number, dirMode: number, name = 'pwless'): { dir: string; file: string } {
  const dir = join(tempDir('pwless-modes-'), name);
  mkdirSync(dir);
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      profiles: { dev: { domain: 'https://t.example.com', clientId: 'a', appType: 'regular_web', secret: { kind: 'stored', value: 's3cr3t' } } },
    }),
  );
  chmodSync(file, fileMode);
  chmodSync(dir, dirMode);
  return { dir, file };
}

describe('looseModesWarning', () => {
  it('says nothing of a 0600 file in a 0700 or 0755 directory, or in a 1777 one (sticky: others cannot replace it)', () => {
    for (const dirMode of [0o700, 0o755, 0o1777]) {
      const { dir, file } = config(0o600, dirMode);
      expect(looseModesWarning(file, dir)).toBeUndefined();
    }
  });

  it('names the file, its mode and the chmod that fixes it', () => {
    const { dir, file } = config(0o644, 0o700);
    expect(looseModesWarning(file, dir)).toBe(`${file} is mode 0644: other users can read or change the secrets and tokens in it. Fix: chmod 600 ${file}`);
  });

  it('names a directory others can write to', () => {
    const { dir, file } = config(0o600, 0o777);
    expect(looseModesWarning(file, dir)).toBe(`${file} is in a directory of mode 0777: other users can replace it. Fix: chmod 700 ${dir}`);
  });

  it('names both, in one warning, the paths quoted for the shell', () => {
    const { dir, file } = config(0o644, 0o777, "my pwless's");
    expect(looseModesWarning(file, dir)).toBe(
      `${file} is mode 0644 and its directory mode 0777: other users can read or change the secrets and tokens in it, and replace it. Fix: chmod 600 '${file.replace("'", "'\\''")}' && chmod 700 '${dir.replace("'", "'\\''")}'`,
    );
  });

  it('says nothing on Windows, whose files have no such modes', () => {
    const { dir, file } = config(0o644, 0o777);
    expect(looseModesWarning(file, dir, 'win32')).toBeUndefined();
  });
});

describe('ConfigStore and loose modes', () => {
  it('warns once a run, on the first read', async () => {
    const { dir, file } = config(0o644, 0o777);
    const warnings: string[] = [];
    const store = new ConfigStore(dir, { warn: (line) => warnings.push(line) });
    await store.read();
    await store.read();
    expect(warnings).toEqual([looseModesWarning(file, dir)]);
  });

  it('says nothing when it writes: the write leaves a 0600 file in a 0700 directory', async () => {
    const { dir, file } = config(0o644, 0o777);
    const warnings: string[] = [];
    const store = new ConfigStore(dir, { warn: (line) => warnings.push(line) });
    await store.update(() => undefined);
    expect(warnings).toEqual([]);
    expect([statSync(file).mode & 0o777, statSync(dir).mode & 0o777]).toEqual([0o600, 0o700]);
    await new ConfigStore(dir, { warn: (line) => warnings.push(line) }).read();
    expect(warnings).toEqual([]);
  });
});
