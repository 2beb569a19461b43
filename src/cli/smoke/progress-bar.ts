/**
 * The progress bar of a --repeat, on stderr and only on a terminal (never with --json or in a
 * pipe, where it would be noise in a log). Each update rewrites the line before it (ANSI
 * cursor-up and erase-line, ECMA-48 CUU and EL).
 */
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
      write(`${drawn ? '\u001b[1A\u001b[2K' : ''}${line}`);
      drawn = true;
      last = line;
    },
  };
}
