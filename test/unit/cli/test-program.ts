/**
 * The commander tree for tests that run no command: the whole tree, or with `args` the tree a
 * real run of that command line gets (src/cli/program.ts defines only the command it names).
 * What commander prints (help, usage errors) is added to `out`.
 */
import type { Command } from 'commander';
import { createProgram } from '../../../src/cli/program.ts';

export function testProgram(args?: readonly string[], out: { text: string } = { text: '' }): Promise<Command> {
  const write = (s: string) => {
    out.text += s;
  };
  const noRun = async () => {
    throw new Error('no command runs in this test');
  };
  return createProgram(noRun, write, write, {}, args);
}
