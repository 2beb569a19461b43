/**
 * Loads the tenant the emulator serves: the default one (default-tenant.ts), a tenant object given
 * in code, or a tenant file (`pwless emulator --tenant <file.json>`). Every problem is an
 * EmulatorConfigError with `option: 'tenant'` whose message names the file and the JSON path of
 * the bad value, e.g. `Tenant file t.json: clients[0].app_type: must be one of native, spa,
 * regular_web, non_interactive` (the CLI exits 3 for it: a configuration file problem).
 */
import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { defaultTenant } from './default-tenant.ts';
import { EmulatorConfigError } from './errors.ts';
import { SchemaError } from './schema.ts';
import type { Tenant } from './tenant.ts';
import { validateTenant } from './tenant-schema.ts';

const SCHEMA_HINT = 'See docs/emulator.md "Tenant file" for the schema.';

function fileError(path: string, problem: string, cause?: unknown): EmulatorConfigError {
  return new EmulatorConfigError('tenant', `Tenant file ${path}: ${problem}`, { cause, file: path });
}

function validated(value: unknown, fail: (problem: string, cause: unknown) => EmulatorConfigError): Tenant {
  try {
    return validateTenant(value);
  } catch (err) {
    if (err instanceof SchemaError) throw fail(`${err.message}. ${SCHEMA_HINT}`, err);
    throw err;
  }
}

async function loadTenantFile(path: string): Promise<Tenant> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw fileError(path, `cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, err);
  }
  let value: unknown;
  try {
    // Editors on Windows may start the file with a byte order mark, which JSON.parse refuses;
    // RFC 8259 §8.1 lets a parser ignore it.
    value = JSON.parse(text.startsWith('\ufeff') ? text.slice(1) : text);
  } catch (err) {
    throw fileError(path, `not valid JSON (${(err as Error).message}).`, err);
  }
  const tenant = validated(value, (problem, cause) => fileError(path, problem, cause));
  return withLoginPage(tenant, dirname(path), (problem, cause) => fileError(path, problem, cause));
}

/**
 * `login_page.html` made absolute (relative to the tenant file, or to the working directory for a
 * tenant object) and checked readable now, so a wrong path stops the start instead of the first
 * login. The page itself is read at each GET /authorize: an edited page shows on reload.
 */
async function withLoginPage(tenant: Tenant, base: string | undefined, fail: (problem: string, cause: unknown) => EmulatorConfigError): Promise<Tenant> {
  if (tenant.login_page === undefined) return tenant;
  const html = base === undefined ? resolve(tenant.login_page.html) : resolve(base, tenant.login_page.html);
  try {
    await access(html);
  } catch (err) {
    throw fail(`login_page.html: cannot read ${html} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, err);
  }
  return { ...tenant, login_page: { html } };
}

/** The tenant for the `tenant` option: a file path, an object, or nothing (the default tenant). */
export async function loadTenant(tenant: string | object | undefined): Promise<Tenant> {
  if (tenant === undefined) return defaultTenant();
  if (typeof tenant === 'string') return loadTenantFile(tenant);
  // A copy through JSON, so the caller's object stays theirs and non-JSON values are refused.
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(tenant));
  } catch (err) {
    throw new EmulatorConfigError('tenant', `Invalid tenant: it is not JSON data (${(err as Error).message}).`, { cause: err });
  }
  const fail = (problem: string, cause: unknown) => new EmulatorConfigError('tenant', `Invalid tenant: ${problem}`, { cause });
  return withLoginPage(validated(copy, fail), undefined, fail);
}
