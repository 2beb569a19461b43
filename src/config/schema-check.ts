/**
 * Checks config.json against the JSON Schema in schema.ts without a schema compiler: conf's Ajv
 * compiled that schema at every `new Conf()` (55–85 ms of each command that reads the config,
 * issue 16). This walks the few keywords schema.ts uses (type, const, enum, minLength, properties,
 * required, additionalProperties, oneOf; JSON Schema 2020-12, https://json-schema.org/draft/2020-12)
 * and words each problem as Ajv did with allErrors, so the messages users see are unchanged:
 * "`profiles/dev` must have required property 'clientId'; …". test/unit/config/schema-check.test.ts
 * pins it.
 */
import { configSchema, type JsonSchema as Schema } from './schema.ts';

interface Problem {
  path: string;
  message: string;
}

const rootSchema: Schema = { type: 'object', properties: configSchema };

/** The file's problems as one sentence (conf's "Config schema violation: …" wording), or undefined when it is valid. */
export function configViolation(data: unknown): string | undefined {
  const problems = check(rootSchema, data, '');
  if (problems.length === 0) return undefined;
  return `Config schema violation: ${problems.map((p) => `\`${p.path}\` ${p.message}`).join('; ')}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(type: string, value: unknown): boolean {
  if (type === 'object') return isObject(value);
  if (type === 'integer') return Number.isInteger(value);
  return typeof value === type;
}

function check(schema: Schema, value: unknown, path: string): Problem[] {
  const problems: Problem[] = [];
  const at = (key: string) => (path === '' ? key : `${path}/${key}`);
  const typeFits = schema.type === undefined || hasType(schema.type, value);
  if (!typeFits) problems.push({ path, message: `must be ${schema.type}` });
  if (typeFits && typeof value === 'string' && schema.minLength !== undefined && value.length < schema.minLength) {
    problems.push({ path, message: `must NOT have fewer than ${schema.minLength} characters` });
  }
  if (typeFits && isObject(value)) {
    for (const key of schema.required ?? []) {
      if (!Object.hasOwn(value, key)) problems.push({ path, message: `must have required property '${key}'` });
    }
    const additional = schema.additionalProperties;
    for (const [key, item] of Object.entries(value)) {
      if (additional === undefined || Object.hasOwn(schema.properties ?? {}, key)) continue;
      if (additional === false) problems.push({ path: at(key), message: 'must NOT have additional properties' });
      else if (additional !== true) problems.push(...check(additional, item, at(key)));
    }
    for (const [key, propertySchema] of Object.entries(schema.properties ?? {})) {
      if (Object.hasOwn(value, key)) problems.push(...check(propertySchema, value[key], at(key)));
    }
  }
  if (schema.const !== undefined && value !== schema.const) problems.push({ path, message: 'must be equal to constant' });
  if (schema.enum !== undefined && !(schema.enum as readonly unknown[]).includes(value))
    problems.push({ path, message: 'must be equal to one of the allowed values' });
  if (schema.oneOf !== undefined) {
    const branches = schema.oneOf.map((branch) => check(branch, value, path));
    if (branches.filter((b) => b.length === 0).length !== 1) {
      problems.push(...branches.flat(), { path, message: 'must match exactly one schema in oneOf' });
    }
  }
  return problems;
}
