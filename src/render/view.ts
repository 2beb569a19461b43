/**
 * What every command returns, and the one thing render/output.ts turns into output: either what
 * to show (the members of the --json document, the human lines given stdout's colours, and the
 * failure the run ends with, if any), or nothing more, because the command wrote its one stdout
 * document itself while it ran (the emulator prints its URL as soon as it listens). Defined in
 * render/, with the renderer that reads it, so that render/ needs nothing from cli/.
 */
import type { ChalkInstance } from 'chalk';
import type { PwlessError } from '../core/errors.ts';

/** What a command shows. With a failure, the document says `ok: false` and the error block follows the lines. */
export interface OutputView {
  readonly kind: 'output';
  /** The members of the --json document besides `ok` and `error`. */
  readonly json: Record<string, unknown>;
  /** The lines on stdout, in stdout's colours. */
  readonly lines: (c: ChalkInstance) => string[];
  /** Tokens came back but a check failed, or they could not be saved: the run still shows them, then exits with this. */
  readonly failure?: PwlessError | undefined;
}

/** The command wrote its one stdout document while it ran: nothing more goes to stdout, and it carries no failure. */
export interface PrintedView {
  readonly kind: 'printed';
}

export type View = OutputView | PrintedView;

export function outputView(json: Record<string, unknown>, lines: (c: ChalkInstance) => string[], failure?: PwlessError): OutputView {
  return failure === undefined ? { kind: 'output', json, lines } : { kind: 'output', json, lines, failure };
}

/** For a view that only has a JSON body: its human output is the progress already on stderr. */
export const NO_LINES = (): string[] => [];

export const ALREADY_PRINTED: PrintedView = { kind: 'printed' };
