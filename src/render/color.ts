/**
 * Colour decisions, made once per stream: off for NO_COLOR (no-color.org; chalk ignores it,
 * chalk ignores it itself: chalk/chalk#547), TERM=dumb, --no-color, or a stream that is not a TTY. FORCE_COLOR still forces it.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { trustedStyles } from './terminal-text.ts';

export interface ColorEnv {
  env: NodeJS.ProcessEnv;
  noColorFlag: boolean;
}

/** The stream's colours, marked as pwless's own so that they alone survive the writers' escaping (render/terminal-text.ts). */
export function colorFor(stream: { isTTY?: boolean }, { env, noColorFlag }: ColorEnv): ChalkInstance {
  return trustedStyles(new Chalk({ level: colorLevel(stream, env, noColorFlag) }));
}

function colorLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, noColorFlag: boolean): 0 | 1 {
  const forced = env.FORCE_COLOR;
  if (forced !== undefined && forced !== '' && forced !== '0' && forced !== 'false') return 1;
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb') return 0;
  return stream.isTTY ? 1 : 0;
}
