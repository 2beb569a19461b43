/**
 * `pwless completion bash|zsh|fish` run in real shells: the printed script is sourced and its
 * completion function called as the shell would (bash: COMP_WORDS/COMP_CWORD; zsh: words/CURRENT
 * with compadd recorded; fish: `complete -C`), with `pwless` on PATH and a temporary config dir,
 * so profile names come back through the hidden `pwless __complete profiles`. Also: --help,
 * --version and completion load none of undici, jose, conf or inquirer; and what issue 16 keeps
 * off the start-up path (bench/RESULTS.md): --version loads no dist/ module, profile list no
 * conf or ajv, token decode no jose, a start that serves nothing imports no node:http(s).
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

describe('what --help, --version and completion load', () => {
  // A module hook (Node's module.registerHooks) that names each heavy dependency, the emulator's
  // server and its library API (pwless/emulator), as they resolve. (The emulator's defaults.js,
  // a few constants the flags show, may load.)
  const hook = `data:text/javascript,${encodeURIComponent(
    `import { registerHooks } from 'node:module';
registerHooks({ resolve(specifier, context, next) {
  const result = next(specifier, context);
  if (/node_modules\\/(undici|jose|conf|@inquirer)\\/|\\/dist\\/emulator\\/(server|library)\\.js/.test(result.url)) process.stderr.write('loaded ' + result.url + '\\n');
  return result;
} });`,
  )}`;

  it.each(['--help', '--version', 'start --help', 'token --help', 'emulator --help', 'completion bash', '__complete profiles'])(
    'pwless %s loads none of undici, jose, conf, inquirer, the emulator or its library (E-LIB-5)',
    async (line) => {
      const result = await run(process.execPath, ['--import', hook, BIN, ...line.split(' ')], { env: cleanEnv({ PWLESS_CONFIG_DIR: session.dir }) });
      expect(result.stdout.length).toBeGreaterThan(0);
      expect(result.stderr).not.toContain('loaded ');
    },
  );

  // A second hook names every module as it resolves, for the guarantees of issue 16 (docs/design.md §2).
  const everyModule = `data:text/javascript,${encodeURIComponent(
    `import { registerHooks } from 'node:module';
registerHooks({ resolve(specifier, context, next) {
  const result = next(specifier, context);
  process.stderr.write('resolved ' + result.url + ' from ' + context.parentURL + '\\n');
  return result;
} });`,
  )}`;
  const resolved = async (line: string[]) => {
    const result = await run(process.execPath, ['--import', everyModule, BIN, ...line], { env: cleanEnv({ PWLESS_CONFIG_DIR: session.dir }) }).catch(
      (failed: { stdout: string; stderr: string }) => failed, // a usage error exits 2; its output is what is checked
    );
    const modules = result.stderr
      .split('\n')
      .filter((l) => l.startsWith('resolved '))
      .map((l) => {
        const [url = '', parent = ''] = l.slice('resolved '.length).split(' from ');
        return { url, parent };
      });
    return { stdout: result.stdout, stderr: result.stderr, modules };
  };

  it.each(['--version', '-V'])('pwless %s is answered by the bin shim and loads no dist/ module', async (flag) => {
    const { stdout, modules } = await resolved([flag]);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.filter((m) => m.url.includes('/dist/'))).toEqual([]);
  });

  it('the hook does see dist/ load when --version is not the only argument', async () => {
    const { modules } = await resolved(['--help']);
    expect(modules.some((m) => m.url.includes('/dist/cli/main.js'))).toBe(true);
  });

  it('pwless profile list reads the config file without conf or Ajv (no schema compiled at run time)', async () => {
    const { stdout, modules } = await resolved(['profile', 'list']);
    expect(stdout).toContain('stage');
    expect(modules.filter((m) => /node_modules\/(conf|ajv)\//.test(m.url))).toEqual([]);
  });

  it('pwless start that serves nothing imports node:http / node:https from none of its own modules (only --listen serves)', async () => {
    const { stderr, modules } = await resolved(['start', '--domain', 'http://127.0.0.1:1', '--client-id', 'x', '--email', 'bad']);
    expect(stderr).toContain('--email');
    expect(modules.some((m) => m.url.startsWith('node:'))).toBe(true); // the hook sees builtins
    expect(modules.filter((m) => /^node:https?$/.test(m.url) && m.parent.includes('/dist/'))).toEqual([]);
  });

  it('pwless token decode <jwt> loads no jose: decoding is src/core/jwt-decode.ts, only verifying needs jose', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const { stdout, modules } = await resolved(['token', 'decode', `${part({ alg: 'RS256', kid: 'k' })}.${part({ sub: 'email|decoded' })}.c2ln`]);
    expect(stdout).toContain('email|decoded');
    expect(modules.filter((m) => m.url.includes('node_modules/jose/'))).toEqual([]);
  });

  it('the hook does see them load when a command needs them (a write loads conf)', async () => {
    const result = await run(process.execPath, ['--import', hook, BIN, 'profile', 'use', 'dev'], { env: cleanEnv({ PWLESS_CONFIG_DIR: session.dir }) });
    expect(result.stderr).toMatch(/loaded .*node_modules\/conf\//);
  });

  it('pwless demo loads the emulator but never its library module (E-LIB-5)', async () => {
    const result = await run(process.execPath, ['--import', hook, BIN, 'demo', '--json'], { env: cleanEnv({ PWLESS_CONFIG_DIR: session.dir }) });
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true });
    expect(result.stderr).toMatch(/loaded .*\/dist\/emulator\/server\.js/);
    expect(result.stderr).toMatch(/loaded .*node_modules\/jose\//); // the hook does see jose when it loads
    expect(result.stderr).not.toContain('/dist/emulator/library.js');
  });
});
