/**
 * What a command's flag definition hands over: a task to run, and the function that runs it with
 * a context made from the global flags. main.ts makes that function; program.ts and the
 * commands/<name>/flags.ts files pass it along. Types only, so none of them imports another for it.
 */
import type { Context, GlobalOptions } from './context.ts';
import type { CommandResult } from '../render/results.ts';

export type Task = (ctx: Context) => Promise<CommandResult>;
/** Runs a command's task with a context made from the global flags; provided by main.ts. */
export type Execute = (globals: GlobalOptions & { showTokens?: boolean }, task: Task) => Promise<void>;
