// Property tests of the emulator's tenant file (src/emulator/tenant-file.ts, tenant-schema.ts): any
// JSON value and any file text give a tenant or an EmulatorConfigError naming the file (never a
// TypeError); the documented example loads however it is laid out; one change anywhere in it is
// refused with the JSON path of the change, or accepted — never anything else.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import { SchemaError } from '../../../src/emulator/schema.ts';
import { loadTenant } from '../../../src/emulator/tenant-file.ts';
import { validateTenant } from '../../../src/emulator/tenant-schema.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { anyText, fragments, onlyTyped, onlyTypedAsync, RUNS } from './hostile.ts';

const EXAMPLE_TEXT = readFileSync(new URL('../../../docs/emulator-tenant.example.json', import.meta.url), 'utf8');
const EXAMPLE = JSON.parse(EXAMPLE_TEXT) as Record<string, unknown>;
const dir = tempDir('pwless-tenant-property-');

/** The example with one value replaced, at a path chosen by the generator. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[path[0]! % keys.length]!;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  (copy as Record<string, unknown>)[key] = mutate((value as Record<string, unknown>)[key], path.slice(1), replacement);
  return copy;
}

const hostileJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.anything({ maxDepth: 3, withNullPrototype: true, withBoxedValues: true, withMap: true }));
const change = fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }));

describe('the tenant file on hostile input', () => {
  it('validateTenant returns a tenant or throws a SchemaError, for any value', () => {
    fc.assert(
      fc.property(hostileJson, (value) => onlyTyped(() => validateTenant(value), [SchemaError])),
      { numRuns: RUNS },
    );
  });

  it('loadTenant of any object gives a tenant or an EmulatorConfigError for the tenant option', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileJson,
          change.map(([path, to]) => mutate(EXAMPLE, path, to)),
        ),
        async (value) => {
          if (value === null || typeof value !== 'object') return true; // not an object: refused earlier, by options.ts
          try {
            await loadTenant(value);
          } catch (error) {
            expect(error).toBeInstanceOf(EmulatorConfigError);
            expect((error as EmulatorConfigError).option).toBe('tenant');
          }
          return onlyTypedAsync(() => loadTenant(value), [EmulatorConfigError]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('loadTenant of any file text gives a tenant or an EmulatorConfigError naming the file', async () => {
    const text = fc.oneof(
      anyText,
      fragments(['{', '}', '[', ']', '"clients"', ':', ',', '"', 'null', '\ufeff', EXAMPLE_TEXT.slice(0, 80)], 20),
      fc.nat({ max: EXAMPLE_TEXT.length }).map((n) => EXAMPLE_TEXT.slice(0, n)),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(text, async (content) => {
        const path = join(dir, `tenant-${run++}.json`);
        writeFileSync(path, content);
        try {
          await loadTenant(path);
        } catch (error) {
          expect(error).toBeInstanceOf(EmulatorConfigError);
          expect((error as EmulatorConfigError).file).toBe(path);
          expect((error as Error).message.startsWith(`Tenant file ${path}: `)).toBe(true);
        }
        return true;
      }),
      { numRuns: RUNS },
    );
  });

  it('loads the documented example however it is indented, with or without a byte order mark', async () => {
    const expected = validateTenant(EXAMPLE);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1, 2, 4, '\t'), fc.boolean(), fc.constantFrom('\n', '\r\n'), async (indent, bom, eol) => {
        const path = join(dir, `example-${run++}.json`);
        writeFileSync(path, `${bom ? '\ufeff' : ''}${JSON.stringify(EXAMPLE, null, indent).replace(/\n/g, eol)}${eol}`);
        expect(await loadTenant(path)).toEqual(expected);
        return true;
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an unknown property anywhere in the example, naming its JSON path', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 4 }), (path) => {
        const where: string[] = [];
        const withExtra = (value: unknown, rest: number[], at: string): unknown => {
          if (Array.isArray(value)) {
            if (rest.length === 0 || value.length === 0) return value;
            const index = rest[0]! % value.length;
            const item = value[index];
            if (item === null || typeof item !== 'object') return value;
            const copy = [...value];
            copy[index] = withExtra(item, rest.slice(1), `${at}[${index}]`);
            return copy;
          }
          const object = value as Record<string, unknown>;
          const nested = Object.keys(object).filter((k) => object[k] !== null && typeof object[k] === 'object' && k !== 'claims');
          if (rest.length > 0 && nested.length > 0) {
            const key = nested[rest[0]! % nested.length]!;
            return { ...object, [key]: withExtra(object[key], rest.slice(1), at === '' ? key : `${at}.${key}`) };
          }
          where.push(at === '' ? 'surprise' : `${at}.surprise`);
          return { ...object, surprise: true };
        };
        const tenant = withExtra(EXAMPLE, path, '');
        if (where.length === 0) return true; // the path ended on a list of strings
        expect(() => validateTenant(tenant)).toThrow(new RegExp(`^${where[0]!.replace(/[.[\]]/g, '\\$&')}: unknown property`));
        return true;
      }),
      { numRuns: 100 },
    );
  });
});
