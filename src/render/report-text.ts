/**
 * The free text of a report file pwless writes besides its output (the --junit XML, the GitHub job
 * summary): a tenant's error_description, a claim an assertion found. It goes through the same
 * masking as every line on the way out (secret-mask.ts; docs/security.md, "What reaches your
 * terminal and your files"), before the report's own escaping (XML, Markdown) would spell a secret
 * so that the mask no longer finds it, and every control character is shown escaped (`\x1b`), so
 * that `cat junit.xml` cannot drive the terminal. Line breaks stay: a hint may have several lines.
 */
import { type KnownSecrets, maskSecrets } from './secret-mask.ts';
import { escapeControls } from './terminal-text.ts';

/** Cleans one piece of a report's text; `secrets` is the run's registry (src/core/secrets.ts). */
export function reportText(secrets: KnownSecrets): (text: string) => string {
  return (text) =>
    maskSecrets(text, secrets)
      .split('\n')
      .map((line) => escapeControls(line))
      .join('\n');
}
