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
  /**
   * The secret values the human lines print in full because the user asked for them (--show-tokens,
   * --raw): not masked there, though the run knows them (src/render/secret-mask.ts). The --json
   * document's counterpart is its `tokens` member (output.ts).
   */
  readonly revealed?: readonly string[] | undefined;
}

/** The command wrote its one stdout document while it ran: nothing more goes to stdout, and it carries no failure. */
export interface PrintedView {
  readonly kind: 'printed';
}

export type View = OutputView | PrintedView;

export function outputView(
  json: Record<string, unknown>,
  lines: (c: ChalkInstance) => string[],
  failure?: PwlessError,
  revealed?: readonly string[],
): OutputView {
  return {
    kind: 'output',
    json,
    lines,
    ...(failure === undefined ? {} : { failure }),
    ...(revealed === undefined || revealed.length === 0 ? {} : { revealed }),
  };
}

/** The tokens of a set, for `revealed`: what --show-tokens prints in full. */
export function tokenValues(tokens: { access_token?: string | undefined; id_token?: string | undefined; refresh_token?: string | undefined }): string[] {
  return [tokens.access_token, tokens.id_token, tokens.refresh_token].filter((t): t is string => typeof t === 'string');
}

/** For a view that only has a JSON body: its human output is the progress already on stderr. */
export const NO_LINES = (): string[] => [];

export const ALREADY_PRINTED: PrintedView = { kind: 'printed' };
