/**
 * The only user of @inquirer/prompts. Prompts render on stderr so that stdout stays a clean result,
 * and are only ever called when the context says a human is there (a TTY, no --no-input): inquirer
 * itself does not check (deps.md §2).
 */
import type { Context } from './context.ts';

export async function promptForCode(ctx: Context, message: string): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  const answer = await input(
    {
      message,
      required: true,
      validate: (value) => (/^\s*[0-9A-Za-z-]{4,12}\s*$/.test(value) ? true : 'Enter the code from the message (4–12 characters).'),
    },
    { input: process.stdin, output: process.stderr, ...(ctx.signal ? { signal: ctx.signal } : {}) },
  );
  return answer.trim();
}
