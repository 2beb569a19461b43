// docs/errors.md and the error-code registry (src/core/error-codes.ts) say the same thing: every
// code pwless assigns is in the tables of "pwless's own codes" with its family's exit code, and
// those tables hold no code the registry does not. The tenant codes and the renames are checked
// apart: a tenant code is never one of ours, and a rename names a code that exists.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { CODES_BY_FAMILY, ERROR_CODE_FAMILIES } from '../../src/core/error-codes.ts';

const DOC = readFileSync(fileURLToPath(new URL('../../docs/errors.md', import.meta.url)), 'utf8');

/** The text of a `## ` section, up to the next one. */
function section(title: string): string {
  const start = DOC.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`docs/errors.md has no section "## ${title}"`);
  const next = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, next === -1 ? undefined : next);
}

/** The body rows of the tables in `text` whose header is exactly `header`, as trimmed cells. */
function rows(text: string, header: string): string[][] {
  const lines = text.split('\n');
  const out: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== header) continue;
    for (let j = i + 2; j < lines.length && lines[j]?.startsWith('|'); j++) {
      out.push(
        (lines[j] as string)
          .slice(1, -1)
          .split(' | ')
          .map((cell) => cell.trim()),
      );
    }
  }
  return out;
}

/** `code` → the code; anything else is a malformed row. */
function codeIn(cell: string | undefined): string {
  const match = /^`([^`]+)`$/.exec(cell ?? '');
  if (match === null) throw new Error(`not a code cell: ${JSON.stringify(cell)}`);
  return match[1] as string;
}

const ownRows = rows(section("pwless's own codes"), '| code | exit code | meaning | hint |');
const documented = ownRows.map(([code, exit]) => [codeIn(code), Number(exit)] as const);
const registered = [...ERROR_CODE_FAMILIES].map(([code, family]) => [code, EXIT[family]] as const);

describe('docs/errors.md lists exactly the registered codes', () => {
  it('has a table row, with a meaning and a hint, for every code', () => {
    expect(ownRows.length).toBeGreaterThan(100);
    for (const row of ownRows) {
      expect(row, row.join(' | ')).toHaveLength(4);
      expect(row[2], row.join(' | ')).not.toBe('');
      expect(row[3], row.join(' | ')).not.toBe('');
    }
  });

  it('documents every code of the registry with its exit code', () => {
    const docs = new Map(documented);
    const missing = registered.filter(([code, exit]) => docs.get(code) !== exit);
    expect(missing, 'codes missing from docs/errors.md, or with another exit code there').toEqual([]);
  });

  it('documents no code the registry does not have, and each once', () => {
    const registry = new Map<string, number>(registered);
    const unknown = documented.filter(([code, exit]) => registry.get(code) !== exit);
    expect(unknown, 'codes in docs/errors.md that src/core/error-codes.ts does not register with that exit code').toEqual([]);
    expect(documented.length).toBe(new Set(documented.map(([code]) => code)).size);
  });

  it('registers each code in one family only', () => {
    const listed = (Object.values(CODES_BY_FAMILY) as readonly (readonly string[])[]).flat();
    expect(listed.length).toBe(ERROR_CODE_FAMILIES.size);
  });
});

describe('docs/errors.md, the other tables', () => {
  const ours = new Set<string>(ERROR_CODE_FAMILIES.keys());

  it('lists tenant codes with the exit code of a tenant family', () => {
    const tenant = rows(section('Tenant codes'), '| tenant code | exit code | meaning | hint pwless gives |');
    expect(tenant.length).toBeGreaterThan(10);
    const tenantExits = new Set<number>([EXIT.tenant, EXIT.code, EXIT.rate_limit]);
    for (const [codes, exit] of tenant) {
      expect(tenantExits.has(Number(exit)), `${codes}: exit ${exit}`).toBe(true);
      for (const code of (codes ?? '').split(', ')) expect(codeIn(code)).toMatch(/^[a-z_.A-Z]+$/);
    }
  });

  it('names, in every rename, a new code that the registry has and an old one that no longer means that', () => {
    const renames = rows(section('Renamed in 0.1'), '| old | new | where |');
    expect(renames.length).toBeGreaterThan(0);
    for (const [old, next] of renames) {
      expect(ours.has(codeIn(next)), `${next} is not registered`).toBe(true);
      expect(codeIn(old)).not.toBe(codeIn(next));
    }
    // The renamed-away catch-alls are gone for good.
    expect(ours.has('invalid_option')).toBe(false);
    expect(ours.has('missing_input')).toBe(false);
  });
});
