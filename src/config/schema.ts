/** The JSON Schema of config.json, checked on every read and write by schema-check.ts (no schema compiler at run time). */

/**
 * The keywords this schema may use: the ones schema-check.ts implements. Typing the schema with it
 * makes the compiler refuse a keyword the checker would silently ignore.
 */
export interface JsonSchema {
  type?: 'object' | 'string' | 'integer' | 'boolean';
  const?: string | number | boolean;
  enum?: readonly (string | number | boolean)[];
  minLength?: number;
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  oneOf?: readonly JsonSchema[];
}

const stringMap: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };

const secretSchema: JsonSchema = {
  oneOf: [
    { type: 'object', properties: { kind: { const: 'env' }, name: { type: 'string', minLength: 1 } }, required: ['kind', 'name'], additionalProperties: false },
    {
      type: 'object',
      properties: { kind: { const: 'file' }, path: { type: 'string', minLength: 1 } },
      required: ['kind', 'path'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { kind: { const: 'stored' }, value: { type: 'string', minLength: 1 } },
      required: ['kind', 'value'],
      additionalProperties: false,
    },
  ],
};

const profileSchema: JsonSchema = {
  type: 'object',
  properties: {
    domain: { type: 'string', minLength: 1 },
    clientId: { type: 'string', minLength: 1 },
    appType: { enum: ['native', 'regular_web', 'spa'] },
    secret: secretSchema,
    connection: { type: 'string' },
    email: { type: 'string' },
    phone: { type: 'string' },
    scope: { type: 'string' },
    audience: { type: 'string' },
    redirectUri: { type: 'string' },
    forwardedFor: { type: 'string' },
    language: { type: 'string' },
    authParams: stringMap,
  },
  required: ['domain', 'clientId', 'appType'],
  additionalProperties: false,
};

/** The properties of the top-level object (any other top-level key is allowed). */
export const configSchema: Readonly<Record<string, JsonSchema>> = {
  schemaVersion: { type: 'integer', const: 1 },
  defaultProfile: { type: 'string' },
  profiles: { type: 'object', additionalProperties: profileSchema },
  pending: { type: 'object', additionalProperties: { type: 'object' } },
  tokens: { type: 'object', additionalProperties: { type: 'object' } },
  notices: { type: 'object', additionalProperties: { type: 'boolean' } },
};
