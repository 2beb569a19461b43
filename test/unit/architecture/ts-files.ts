/** Every .ts file under a directory (declarations included), as absolute paths: what the architecture tests read. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}
