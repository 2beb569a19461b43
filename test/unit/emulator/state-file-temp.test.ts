// The state file's temporary file (docs/emulator.md "State file", E-STATE-5): created 0600 and
// exclusively, never a file or link already there, never left behind by a failed write, and the
// ones a killed run left (each a whole state with the private signing key) removed at start.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTemporary } from '../../../src/emulator/state-file.ts';
import { NATIVE, postJson, start } from './helpers.ts';
import { eventually } from '../../helpers/poll.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const KEY_LIKE = '{"keys":["-----BEGIN PRIVATE KEY-----\\nleftover\\n-----END PRIVATE KEY-----\\n"]}';
const mode = (path: string) => statSync(path).mode & 0o777;

/** A request that changes state, then the write it schedules. */
async function changeAndWait(emu: Awaited<ReturnType<typeof start>>, stateFile: string, email: string): Promise<void> {
  await postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email', email, send: 'code' });
  await eventually(() => expect(readFileSync(stateFile, 'utf8')).toContain(email));
}

describe("the state file's temporary file (E-STATE-5)", () => {
  it('is created 0600, whatever the umask lets through', async () => {
    const temporary = join(tempDir('pwless-state-tmp-'), 'state.json.1.tmp');
    const handle = await openTemporary(temporary);
    try {
      expect((await handle.stat()).mode & 0o777).toBe(0o600);
    } finally {
      await handle.close();
    }
  });

  it('leftovers of killed runs are removed at start, and reported; other files stay', async () => {
    const dir = tempDir('pwless-state-left-');
    const stateFile = join(dir, 'state.json');
    const planted = ['state.json.4242.tmp', 'state.json.1.tmp'];
    const kept = ['state.json.tmp', 'state.json.12a.tmp', 'other.json.4242.tmp', 'state.json.bak'];
    for (const name of [...planted, ...kept]) writeFileSync(join(dir, name), KEY_LIKE, { mode: 0o644 });
    const lines: string[] = [];
    const emu = await start({ stateFile, onMessage: (line) => lines.push(line) });
    try {
      expect(readdirSync(dir).sort()).toEqual([...kept, 'state.json'].sort());
      expect(lines.filter((line) => line.startsWith('[state]')).sort()).toEqual(
        planted.map((name) => `[state] removed ${join(dir, name)}, a temporary file left by a run that was killed while writing the state file`).sort(),
      );
    } finally {
      await emu.close();
    }
  });

  it('a world-readable file already at the temporary path is not reused: the state file stays 0600', async () => {
    const dir = tempDir('pwless-state-reuse-');
    const stateFile = join(dir, 'state.json');
    const emu = await start({ stateFile });
    try {
      writeFileSync(join(dir, `state.json.${process.pid}.tmp`), KEY_LIKE, { mode: 0o644 });
      await changeAndWait(emu, stateFile, 'reuse@example.com');
      expect(mode(stateFile)).toBe(0o600);
      expect(readdirSync(dir)).toEqual(['state.json']);
    } finally {
      await emu.close();
    }
  });

  it('a symbolic link at the temporary path is not followed: its target stays as it was', async () => {
    const dir = tempDir('pwless-state-link-');
    const stateFile = join(dir, 'state.json');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched\n', { mode: 0o644 });
    const emu = await start({ stateFile });
    try {
      symlinkSync(victim, join(dir, `state.json.${process.pid}.tmp`));
      await changeAndWait(emu, stateFile, 'link@example.com');
      expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
      expect(lstatSync(stateFile).isFile()).toBe(true);
      expect(mode(stateFile)).toBe(0o600);
      expect(readdirSync(dir).sort()).toEqual(['state.json', 'victim.txt']);
    } finally {
      await emu.close();
    }
  });

  it('a state file that was 0644 becomes 0600 at the first write', async () => {
    const dir = tempDir('pwless-state-mode-');
    const stateFile = join(dir, 'state.json');
    const first = await start({ stateFile });
    await first.close();
    chmodSync(stateFile, 0o644);
    const second = await start({ stateFile });
    try {
      expect(mode(stateFile)).toBe(0o600);
    } finally {
      await second.close();
    }
  });

  it('a write that fails leaves no temporary file behind, and is reported once', async () => {
    const dir = tempDir('pwless-state-fail-');
    const stateFile = join(dir, 'state.json');
    const lines: string[] = [];
    const emu = await start({ stateFile, onMessage: (line) => lines.push(line) });
    rmSync(stateFile);
    mkdirSync(stateFile); // the rename over a directory fails
    try {
      await postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email', email: 'fail@example.com', send: 'code' });
      await eventually(() => expect(lines.some((line) => line.startsWith(`[error] cannot write the state file ${stateFile}:`))).toBe(true));
      expect(existsSync(join(dir, `state.json.${process.pid}.tmp`))).toBe(false);
    } finally {
      await emu.close();
      rmSync(stateFile, { recursive: true });
    }
  });
});
