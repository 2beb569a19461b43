/** A value as one word of a command line pwless prints for the user to run: bare when no POSIX shell character is in it, else single-quoted (a quote written '\''). */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
