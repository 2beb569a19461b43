/**
 * A small structural checker for the emulator's JSON inputs (the tenant file, the state file,
 * faults). Every failure names the JSON path of the bad value, e.g.
 * `clients[0].app_type: must be one of native, spa, regular_web, non_interactive`, so a person can
 * find it in the file. Hand-written rather than a schema library: the project's dependency rule
 * (design.md §1) asks every new dependency to earn its place, and these checks are few.
 */

/** A value at `path` breaks the schema; `message` says what it must be. */
export class SchemaError extends Error {
  readonly path: string;
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(path === '' ? problem : `${path}: ${problem}`);
    this.path = path;
    this.problem = problem;
  }

  override get name(): string {
    return 'SchemaError';
  }
}

export type Json = Record<string, unknown>;

/** `a.b`, `a[0]`: the path of a property or an item below `path`. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** The JSON type name used in messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * A value as a refusal shows it: a scalar as JSON, an array or object by its type name only, so a
 * deeply nested or cyclic value (a library caller's) never makes the message itself throw.
 */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  return typeName(value);
}

export function object(path: string, value: unknown): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SchemaError(path, `must be an object, not ${typeName(value)}`);
  }
  return value as Json;
}

/** Refuses properties outside `known`, so a typo is reported instead of silently ignored. */
export function onlyKeys(path: string, value: Json, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new SchemaError(at(path, key), `unknown property (known: ${known.join(', ')})`);
  }
}

export function array(path: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new SchemaError(path, `must be an array, not ${typeName(value)}`);
  return value;
}

export function string(path: string, value: unknown): string {
  if (typeof value !== 'string') throw new SchemaError(path, `must be a string, not ${typeName(value)}`);
  return value;
}

export function nonEmptyString(path: string, value: unknown): string {
  const text = string(path, value);
  if (text.trim() === '') throw new SchemaError(path, 'must not be empty');
  return text;
}

export function boolean(path: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new SchemaError(path, `must be true or false, not ${typeName(value)}`);
  return value;
}

export function integer(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    throw new SchemaError(path, `must be an integer ${range}, not ${shownValue(value)}`);
  }
  return value;
}

export function number(path: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SchemaError(path, `must be a number from ${min} to ${max}, not ${shownValue(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new SchemaError(path, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** An array of strings without duplicates; `item` checks each one. */
export function uniqueStrings(path: string, value: unknown, item: (path: string, value: string) => void = () => {}): string[] {
  const items = array(path, value).map((entry, index) => string(at(path, index), entry));
  items.forEach((entry, index) => {
    if (items.indexOf(entry) !== index) throw new SchemaError(at(path, index), `duplicate value ${JSON.stringify(entry)}`);
    item(at(path, index), entry);
  });
  return items;
}

/** An optional property: `undefined` when absent, else the checked value. */
export function optional<T>(value: Json, key: string, path: string, check: (path: string, value: unknown) => T): T | undefined {
  return Object.hasOwn(value, key) ? check(at(path, key), value[key]) : undefined;
}

export function required<T>(value: Json, key: string, path: string, check: (path: string, value: unknown) => T): T {
  if (!Object.hasOwn(value, key)) throw new SchemaError(at(path, key), 'is required');
  return check(at(path, key), value[key]);
}
