/**
 * The only user of @inquirer/prompts. Prompts read the context's stdin and draw on its prompt
 * output (stderr) so that stdout stays a clean result, and are only ever called when the context
 * says a human is there (a TTY, no --no-input): inquirer itself does not check (@inquirer/core
 * forces readline's terminal mode: packages/core/src/lib/create-prompt.ts).
 */
import { isOneTimeCode, SHORTEST_SENT_CODE } from '../otp/code-shape.ts';
import { extractCode } from '../otp/extract.ts';
import type { Context } from './context.ts';

/** What a prompt needs of the run: the streams it reads and draws on, and Ctrl-C. */
type PromptContext = Pick<Context, 'stdin' | 'promptOutput' | 'signal'>;

const streams = (ctx: PromptContext) => ({ input: ctx.stdin, output: ctx.promptOutput });

/**
 * The code in an answer: the answer itself when it is a code (src/otp/code-shape.ts) no shorter
 * than a tenant sends, else the code in the pasted message.
 */
export function codeFromAnswer(answer: string): string | undefined {
  const text = answer.trim();
  return isOneTimeCode(text) && text.length >= SHORTEST_SENT_CODE ? text : extractCode(text);
}

/** Asks for the code; a pasted message ("Your verification code is: 123456") is read like the other sources read it. */
export async function promptForCode(ctx: PromptContext, message: string): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  const answer = await input(
    {
      message,
      required: true,
      validate: (value) => (codeFromAnswer(value) !== undefined ? true : 'Enter the code from the message (4–32 characters), or paste the message.'),
    },
    { ...streams(ctx), ...(ctx.signal ? { signal: ctx.signal } : {}) },
  );
  return codeFromAnswer(answer) as string;
}

/** A line of text, checked by `validate` (true, or the message to show). */
export async function ask(ctx: PromptContext, message: string, options: { default?: string; validate?: (v: string) => true | string } = {}): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  const config = {
    message,
    required: true,
    ...(options.default !== undefined ? { default: options.default } : {}),
    ...(options.validate ? { validate: options.validate } : {}),
  };
  return (await input(config, streams(ctx))).trim();
}

/** A secret, masked while typed. */
export async function askSecret(ctx: PromptContext, message: string): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  return password({ message, mask: '•', validate: (v) => (v.trim() === '' ? 'It cannot be empty.' : true) }, streams(ctx));
}

export async function choose<T extends string>(ctx: PromptContext, message: string, choices: { value: T; name: string; description?: string }[]): Promise<T> {
  const { select } = await import('@inquirer/prompts');
  return select({ message, choices }, streams(ctx));
}

export async function confirmYes(ctx: PromptContext, message: string): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: false }, streams(ctx));
}
