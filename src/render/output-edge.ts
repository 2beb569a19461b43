/**
 * The one pass every line pwless writes goes through on its way out — stdout, stderr (progress,
 * warnings, errors, the -v trace, --curl) and the --trace-file (docs/security.md, "What reaches your
 * terminal and your files"): first every secret value the run knows is masked (secret-mask.ts),
 * then every character a terminal would obey is escaped (terminal-text.ts). The writers of
 * src/cli/context.ts and the HAR recorder call these; nothing else needs to remember either.
 */
import { type KnownSecrets, maskDocument, maskSecrets } from './secret-mask.ts';
import { betweenOwnSequences, dropStyles, jsonText, terminalLine } from './terminal-text.ts';

/** A line for a terminal (stderr, or stdout without --json): `revealed` are values the user asked to see there. */
export function edgeLine(line: string, secrets: KnownSecrets, revealed?: readonly string[]): string {
  // Masked between pwless's own colour sequences: `…[1m` ends in a letter, which would hide a code's word boundary.
  return terminalLine(betweenOwnSequences(line, (text) => maskSecrets(text, secrets, revealed)));
}

/** A JSON document (--json on stdout, the HAR file): the same shape, secrets masked in its string values but `revealed`, nothing a terminal would obey. */
export function edgeDocument(text: string, secrets: KnownSecrets, revealed?: readonly string[]): string {
  return jsonText(maskDocument(dropStyles(text), secrets, revealed));
}
