/** The JSON Schema of config.json, checked by conf (Ajv) on every read and write. */

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };

const secretSchema = {
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

export const profileSchema = {
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

/** conf's `schema` option: the properties of the top-level object. */
export const configSchema = {
  schemaVersion: { type: 'integer', const: 1 },
  defaultProfile: { type: 'string' },
  profiles: { type: 'object', additionalProperties: profileSchema },
  pending: { type: 'object', additionalProperties: { type: 'object' } },
  tokens: { type: 'object', additionalProperties: { type: 'object' } },
  notices: { type: 'object', additionalProperties: { type: 'boolean' } },
} as const;
