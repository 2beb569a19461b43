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

/** A line of text, checked by `validate` (true, or the message to show). */
export async function ask(message: string, options: { default?: string; validate?: (v: string) => true | string } = {}): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  const config = { message, required: true, ...(options.default !== undefined ? { default: options.default } : {}), ...(options.validate ? { validate: options.validate } : {}) };
  return (await input(config, { output: process.stderr })).trim();
}

/** A secret, masked while typed. */
export async function askSecret(message: string): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  return password({ message, mask: '•', validate: (v) => (v.trim() === '' ? 'It cannot be empty.' : true) }, { output: process.stderr });
}

export async function choose<T extends string>(message: string, choices: { value: T; name: string; description?: string }[]): Promise<T> {
  const { select } = await import('@inquirer/prompts');
  return select({ message, choices }, { output: process.stderr });
}

export async function confirmYes(message: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: false }, { output: process.stderr });
}
