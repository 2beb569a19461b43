/**
 * What a command's flag definition hands over: a task to run, and the function that runs it with
 * a context made from the command's options (the global flags merged in). main.ts makes that
 * function; program.ts and the commands/<name>/flags.ts files pass it along. Types only, so none
 * of them imports another for it.
 */
import type { Context, RunOptions } from './context.ts';
import type { View } from '../render/view.ts';

/** A command's implementation, bound to its arguments and options: every command returns a View. */
export type Task = (ctx: Context) => Promise<View>;
/** Runs a command's task with a context made from its options; provided by main.ts. */
export type Execute = (options: RunOptions, task: Task) => Promise<void>;
