/**
 * The connections' message templates, parsed once when the emulator starts (docs/emulator.md
 * "Templates"): an email connection's `email.from`, `email.subject` and `email.body`, an SMS
 * connection's `template`, in Liquid as Auth0 renders them (LiquidJS, the engine Auth0's
 * "Supported Liquid Syntax" page points to: https://auth0.com/docs/customize/email/email-templates/supported-liquid-syntax),
 * or, for an SMS `syntax: 'md_with_macros'`, with `@@password@@` replaced by the code
 * (docs/auth0-behaviour.md, B-MSG-3). liquidjs is imported only when a tenant holds a Liquid
 * template. A template that does not parse stops the start with the file, the field and the line.
 */
import { EmulatorConfigError } from './errors.ts';
import type { Tenant } from './tenant.ts';

/** What a template is rendered with (message-content.ts builds it). */
export type TemplateVariables = Record<string, unknown>;

export type RenderTemplate = (variables: TemplateVariables) => Promise<string>;

/** The parsed templates of one connection; a field is absent when the tenant gives none. */
export interface ConnectionTemplates {
  from?: RenderTemplate;
  subject?: RenderTemplate;
  body?: RenderTemplate;
}

/** Where the tenant came from, for the error message: its file, or a tenant object given in code. */
export interface TemplateSource {
  file?: string;
}

interface Field {
  connection: string;
  path: string;
  key: keyof ConnectionTemplates;
  text: string;
  syntax: 'liquid' | 'md_with_macros';
}

function templateFields(tenant: Tenant): Field[] {
  return tenant.connections.flatMap((connection, index): Field[] => {
    const base = `connections[${index}]`;
    if (connection.strategy === 'email') {
      const email = connection.email;
      if (email === undefined) return [];
      return (['from', 'subject', 'body'] as const).flatMap((key) => {
        const text = email[key];
        return text === undefined ? [] : [{ connection: connection.name, path: `${base}.email.${key}`, key, text, syntax: 'liquid' as const }];
      });
    }
    if (connection.template === undefined) return [];
    return [{ connection: connection.name, path: `${base}.template`, key: 'body', text: connection.template, syntax: connection.syntax ?? 'md_with_macros' }];
  });
}

/** Auth0's SMS macro syntax: `@@password@@` is the code (https://auth0.com/docs/authenticate/passwordless/authentication-methods/sms-otp). */
function macroTemplate(text: string): RenderTemplate {
  return async (variables) => text.replaceAll('@@password@@', String(variables.code ?? ''));
}

/** liquidjs errors end with ", line:N, col:M"; the position is said separately. */
function parseProblem(err: unknown): { message: string; line?: number; column?: number } {
  const error = err as Error & { token?: { getPosition?: () => [number, number] } };
  const position = error.token?.getPosition?.();
  const message = String(error.message ?? err).replace(/, line:\d+, col:\d+$/, '');
  return position === undefined ? { message } : { message, line: position[0], column: position[1] };
}

function templateError(source: TemplateSource, field: Field, err: unknown): EmulatorConfigError {
  const { message, line, column } = parseProblem(err);
  const where = line === undefined ? '' : ` at line ${line}, column ${column}`;
  const problem = `${field.path}: the Liquid template does not parse${where}: ${message}. See docs/emulator.md "Templates".`;
  const prefix = source.file === undefined ? 'Invalid tenant: ' : `Tenant file ${source.file}: `;
  return new EmulatorConfigError('tenant', prefix + problem, { cause: err, ...(source.file === undefined ? {} : { file: source.file }) });
}

export class MessageTemplates {
  readonly #byConnection: Map<string, ConnectionTemplates>;

  constructor(byConnection = new Map<string, ConnectionTemplates>()) {
    this.#byConnection = byConnection;
  }

  /** The parsed templates of a connection, as the tenant was at start. */
  of(connection: string): ConnectionTemplates | undefined {
    return this.#byConnection.get(connection);
  }
}

/** Parses every template of the tenant; throws EmulatorConfigError (option `tenant`) for the first that does not parse. */
export async function compileTemplates(tenant: Tenant, source: TemplateSource): Promise<MessageTemplates> {
  const fields = templateFields(tenant);
  const byConnection = new Map<string, ConnectionTemplates>();
  if (fields.length === 0) return new MessageTemplates(byConnection);
  const needsLiquid = fields.some((field) => field.syntax === 'liquid');
  // Unknown filters are refused when parsing, so a typo shows at start, not in the first message.
  const engine = needsLiquid ? new (await import('liquidjs')).Liquid({ strictFilters: true, ownPropertyOnly: true }) : undefined;
  for (const field of fields) {
    let render: RenderTemplate;
    if (field.syntax === 'md_with_macros') render = macroTemplate(field.text);
    else {
      try {
        const parsed = engine!.parse(field.text);
        render = (variables) => engine!.render(parsed, variables) as Promise<string>;
      } catch (err) {
        throw templateError(source, field, err);
      }
    }
    const templates = byConnection.get(field.connection) ?? {};
    templates[field.key] = render;
    byConnection.set(field.connection, templates);
  }
  return new MessageTemplates(byConnection);
}
