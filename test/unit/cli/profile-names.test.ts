/**
 * Profile names are looked up among the profiles only, never among what every object inherits
 * (issue 22, item 8): on main `profile add constructor` said "already exists", `profile show
 * constructor` showed `domain undefined`, and `profile use toString` saved a default that points at
 * nothing. Every member name of Object.prototype, through add, show, use, rename and remove, run
 * in-process against a config dir of its own.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { profileAdd } from '../../../src/cli/commands/profile/add.ts';
import { profileRemove } from '../../../src/cli/commands/profile/remove.ts';
import { profileRename } from '../../../src/cli/commands/profile/rename.ts';
import { profileShow } from '../../../src/cli/commands/profile/show.ts';
import { profileUse } from '../../../src/cli/commands/profile/use.ts';
import { createContext, type Context } from '../../../src/cli/context.ts';
import { PROFILE_NAME } from '../../../src/config/profile.ts';
import type { PwlessError } from '../../../src/core/errors.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

async function context(): Promise<Context> {
  return createContext(
    { configDir: tempDir('pwless-names-') },
    { env: {}, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), nodeVersion: process.versions.node },
  );
}

/** The code and message a step fails with, or 'ok'. */
async function outcome(step: Promise<unknown>): Promise<string> {
  try {
    await step;
    return 'ok';
  } catch (error) {
    return `${(error as PwlessError).code}: ${(error as Error).message}`;
  }
}

const NAMES = Object.getOwnPropertyNames(Object.prototype);
const target = { domain: 'tenant.example.com', clientId: 'abc' };

describe('profile names that are members of Object.prototype', () => {
  it('lists the names it tests', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']));
  });

  it.each(NAMES)('%s is no profile until added', async (name) => {
    const ctx = await context();
    await profileAdd('dev', target, ctx);
    const unknown = `unknown_profile: There is no profile ${JSON.stringify(name)}`;
    expect(await outcome(profileShow(name, {}, ctx))).toBe(`${unknown} (from profile show).`);
    expect(await outcome(profileUse(name, ctx))).toBe(`${unknown} (from profile use).`);
    expect(await outcome(profileRename(name, 'other', ctx))).toBe(`${unknown} (from profile rename).`);
    expect(await outcome(profileRemove(name, { yes: true }, ctx))).toBe(`${unknown} (from profile remove).`);
    expect(await ctx.store.read()).toEqual({
      schemaVersion: 1,
      defaultProfile: 'dev',
      profiles: { dev: { ...target, domain: 'https://tenant.example.com', appType: 'native' } },
    });
  });

  it.each(NAMES.filter((name) => PROFILE_NAME.test(name)))('%s can be added, shown, used, renamed and removed', async (name) => {
    const ctx = await context();
    await profileAdd('dev', target, ctx);
    expect(await outcome(profileAdd(name, { ...target, clientId: 'own' }, ctx))).toBe('ok');
    expect((await profileShow(name, {}, ctx)).json).toMatchObject({ profile: { name, clientId: 'own', domain: 'https://tenant.example.com' } });
    expect(await outcome(profileUse(name, ctx))).toBe('ok');
    expect((await ctx.store.read()).defaultProfile).toBe(name);
    expect(await outcome(profileRename(name, 'renamed', ctx))).toBe('ok');
    expect(await outcome(profileRename('renamed', name, ctx))).toBe('ok');
    expect(await outcome(profileRemove(name, { yes: true }, ctx))).toBe('ok');
    expect(Object.keys((await ctx.store.read()).profiles ?? {})).toEqual(['dev']);
  });

  it.each(NAMES.filter((name) => !PROFILE_NAME.test(name)))('%s is not a profile name to add (exit 2)', async (name) => {
    const ctx = await context();
    expect(await outcome(profileAdd(name, target, ctx))).toBe(
      `invalid_profile_name: ${JSON.stringify(name)} is not a valid profile name: use up to 64 letters, digits, ".", "_" or "-", starting with a letter or digit.`,
    );
  });
});
