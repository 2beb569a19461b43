/**
 * `pwless completion bash|zsh|fish` run in real shells: the printed script is sourced and its
 * completion function called as the shell would (bash: COMP_WORDS/COMP_CWORD; zsh: words/CURRENT
 * with compadd recorded; fish: `complete -C`), with `pwless` on PATH and a temporary config dir,
 * so profile names come back through the hidden `pwless __complete profiles`. What --help and
 * completion load is test/e2e/loaded-code.test.ts.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';
import { BIN, cleanEnv, configSession, runCli } from './cli.ts';

const run = promisify(execFile);
const installed = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

const session = configSession();
const scripts: Record<string, string> = {};
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  for (const name of ['dev', 'stage']) {
    const added = await session.run(['profile', 'add', name, '--domain', `${name}.auth0.com`, '--client-id', 'abc']);
    expect(added.code, added.stderr).toBe(0);
  }
  const dir = tempDir('pwless-completion-');
  const bin = join(dir, 'bin');
  spawnSync('mkdir', [bin]);
  writeFileSync(join(bin, 'pwless'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'pwless'), 0o755);
  env = cleanEnv({ PWLESS_CONFIG_DIR: session.dir, PATH: `${bin}:${process.env.PATH}` });
  for (const shell of ['bash', 'zsh', 'fish']) {
    const printed = await runCli(['completion', shell]);
    expect(printed.code, printed.stderr).toBe(0);
    scripts[shell] = join(dir, `pwless.${shell}`);
    writeFileSync(scripts[shell], printed.stdout);
  }
});

/** What bash's completion function offers for this command line (the last word is being typed). */
async function bashComplete(...words: string[]): Promise<string[]> {
  const program = 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _pwless; printf "%s\\n" "${COMPREPLY[@]}"';
  const { stdout } = await run('bash', ['--norc', '-c', program, 'bash', scripts.bash as string, ...words], { env });
  return stdout.split('\n').filter(Boolean);
}

/** The same in zsh, with compadd and _files recorded instead of drawn (they need the line editor). */
async function zshComplete(...words: string[]): Promise<string[]> {
  const program = `
compdef() { :; }
compadd() { local -a given; if [[ $1 == -a ]]; then given=(\${(P)2}); else [[ $1 == -- ]] && shift; given=("$@"); fi
  local w; for w in $given; do [[ -n $w && $w == \${words[CURRENT]}* ]] && print -r -- $w; done; }
_files() { print -r -- "<files $*>"; }
source "$1"; shift; words=("$@"); CURRENT=$#; _pwless`;
  const { stdout } = await run('zsh', ['-f', '-c', program, 'zsh', scripts.zsh as string, ...words], { env });
  return stdout.split('\n').filter(Boolean);
}

async function fishComplete(line: string): Promise<string[]> {
  const { stdout } = await run('fish', ['--no-config', '-c', `source ${scripts.fish}; complete -C '${line}'`], { env });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((candidate) => candidate.split('\t')[0] as string);
}

describe('bash', () => {
  it('completes commands, subcommands and flags', async () => {
    expect(await bashComplete('pwless', 'pro')).toEqual(['profile']);
    expect(await bashComplete('pwless', 'token', '')).toEqual(expect.arrayContaining(['show', 'decode', 'verify', 'refresh', 'userinfo', 'clear']));
    expect(await bashComplete('pwless', 'start', '--se')).toEqual(['--send']);
    expect((await bashComplete('pwless', 'start', '--cl')).sort()).toEqual(['--client-id', '--client-secret-file']);
    expect(await bashComplete('pwless', 'emulator', '--dom')).toEqual([]);
  });

  it('completes the values of enumerated flags and arguments', async () => {
    expect(await bashComplete('pwless', 'start', '--email', 'a@b.co', '--send', '')).toEqual(['code', 'link']);
    expect(await bashComplete('pwless', 'profile', 'add', 'x', '--type', '')).toEqual(['native', 'regular_web', 'spa']);
    expect(await bashComplete('pwless', 'token', '--raw', 'i')).toEqual(['id_token']);
    expect(await bashComplete('pwless', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('completes profile names from the config store, after a flag value it skipped', async () => {
    expect(await bashComplete('pwless', '-p', '')).toEqual(['dev', 'stage']);
    expect(await bashComplete('pwless', 'profile', 'use', 's')).toEqual(['stage']);
    expect(await bashComplete('pwless', '--profile', 'dev', 'token', 'v')).toEqual(['verify']);
    expect(await bashComplete('pwless', 'verify', '--profile', '')).toEqual(['dev', 'stage']);
  });
});

describe('zsh', () => {
  it('parses (zsh -n), and completes commands, flag values and profile names', async () => {
    if (!installed('zsh')) {
      // .ci/run installs zsh; without it, the script is at least the zsh one.
      expect(await runCli(['completion', 'zsh']).then((r) => r.stdout)).toMatch(/^#compdef pwless$/m);
      return;
    }
    await run('zsh', ['-n', scripts.zsh as string]);
    expect(await zshComplete('pwless', 'pro')).toEqual(['profile']);
    expect(await zshComplete('pwless', 'start', '--send', '')).toEqual(['code', 'link']);
    expect(await zshComplete('pwless', 'profile', 'remove', '')).toEqual(['dev', 'stage']);
    expect(await zshComplete('pwless', 'emulator', '--tenant', '')).toEqual(['<files >']);
  });
});

describe('fish', () => {
  it('parses (fish -n), and completes commands, flag values and profile names', async () => {
    if (!installed('fish')) {
      expect(await runCli(['completion', 'fish']).then((r) => r.stdout)).toContain("complete -c pwless -f -a '(__pwless_complete)'");
      return;
    }
    await run('fish', ['-n', scripts.fish as string]);
    expect(await fishComplete('pwless pro')).toEqual(['profile']);
    expect(await fishComplete('pwless token show --raw ')).toEqual(['access_token', 'id_token', 'refresh_token']);
    expect(await fishComplete('pwless profile rename ')).toEqual(['dev', 'stage']);
    expect(await fishComplete('pwless -p ')).toEqual(['dev', 'stage']);
  });
});

describe('pwless __complete profiles', () => {
  it('prints the names one per line, and nothing (exit 0) without a config file or with a broken one', async () => {
    const listed = await session.run(['__complete', 'profiles']);
    expect([listed.code, listed.stdout, listed.stderr]).toEqual([0, 'dev\nstage\n', '']);
    const none = await runCli(['__complete', 'profiles']);
    expect([none.code, none.stdout, none.stderr]).toEqual([0, '', '']);
    const broken = tempDir('pwless-broken-');
    writeFileSync(join(broken, 'config.json'), '{ not json');
    const bad = await runCli(['__complete', 'profiles'], { env: { PWLESS_CONFIG_DIR: broken } });
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([0, '', '']);
  });

  it('is not listed in --help', async () => {
    expect((await runCli(['--help'])).stdout).not.toContain('__complete');
  });

  it('refuses an unknown shell with exit 2', async () => {
    const result = await runCli(['completion', 'powershell']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bash, zsh, fish');
  });
});
