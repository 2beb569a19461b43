/**
 * Whether other users can get at the config file, checked when it is read. A write tightens the
 * modes (a 0600 file in a 0700 directory, store.ts), but a read alone said nothing, though the file
 * may hold a plaintext client secret, tokens and PKCE verifiers. Loose are: a file with any bit for
 * group or others (they can read or change it), and a directory that group or others can write to
 * without the sticky bit (they can replace the file: rename(2) needs write permission on the
 * directory only; https://man7.org/linux/man-pages/man2/rename.2.html). One warning names what is
 * loose and the chmod(1) that fixes it. POSIX modes only: nothing is said on Windows.
 */
import { statSync } from 'node:fs';
import { shellWord } from '../core/shell-word.ts';

const ANY_FOR_OTHERS = 0o077;
const WRITE_FOR_OTHERS = 0o022;
const STICKY = 0o1000;

/** The warning for a config file others can get at, or undefined when its modes keep them out (or cannot be read). */
export function looseModesWarning(file: string, dir: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') return undefined;
  let fileMode: number;
  let dirMode: number;
  try {
    fileMode = statSync(file).mode;
    dirMode = statSync(dir).mode;
  } catch {
    return undefined;
  }
  const fileLoose = (fileMode & ANY_FOR_OTHERS) !== 0;
  const dirLoose = (dirMode & WRITE_FOR_OTHERS) !== 0 && (dirMode & STICKY) === 0;
  const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');
  const fixFile = `chmod 600 ${shellWord(file)}`;
  const fixDir = `chmod 700 ${shellWord(dir)}`;
  if (fileLoose && dirLoose) {
    return `${file} is mode ${octal(fileMode)} and its directory mode ${octal(dirMode)}: other users can read or change the secrets and tokens in it, and replace it. Fix: ${fixFile} && ${fixDir}`;
  }
  if (fileLoose) return `${file} is mode ${octal(fileMode)}: other users can read or change the secrets and tokens in it. Fix: ${fixFile}`;
  if (dirLoose) return `${file} is in a directory of mode ${octal(dirMode)}: other users can replace it. Fix: ${fixDir}`;
  return undefined;
}
