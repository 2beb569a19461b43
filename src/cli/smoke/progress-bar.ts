/**
 * The progress bar of a --repeat, on stderr and only on a terminal (never with --json or in a
 * pipe, where it would be noise in a log). Each update rewrites the line before it (ANSI
 * cursor-up and erase-line, ECMA-48 CUU and EL): pwless's own control sequence, marked as such so that
 * the writer, which escapes every other one, sends it (src/render/terminal-text.ts).
 */
import { REDRAW_PREVIOUS_LINE } from '../../render/terminal-text.ts';

const WIDTH = 30;

export interface ProgressBar {
  update(done: number, failed: number): void;
}

export function progressBar(total: number, write: (line: string) => void): ProgressBar {
  let drawn = false;
  let last = '';
  return {
    update(done, failed) {
      const filled = Math.round((done / total) * WIDTH);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total}${failed > 0 ? `  ${failed} failed` : ''}`;
      if (line === last) return;
      write(`${drawn ? REDRAW_PREVIOUS_LINE : ''}${line}`);
      drawn = true;
      last = line;
    },
  };
}
