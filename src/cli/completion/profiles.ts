/**
 * Profile names for shell completion (`pwless __complete profiles`): read straight from
 * config.json, without conf or its schema, so a Tab press costs one file read. Anything wrong
 * (no file, bad JSON, no profiles) is no names: completion never fails and never prompts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE } from '../../config/paths.ts';

export function profileNames(dir: string): string[] {
  try {
    const data = JSON.parse(readFileSync(join(dir, CONFIG_FILE), 'utf8')) as { profiles?: unknown };
    const profiles = data?.profiles;
    if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) return [];
    return Object.keys(profiles).sort();
  } catch {
    return [];
  }
}
