/**
 * The lines the CLI prints when the emulator starts (design.md §4): what it is, where it listens,
 * the tenant's clients, users and test codes, the outbox, and the command that points a profile
 * at it — only a command pwless accepts: for an http URL on a host other than loopback, which
 * pwless refuses, the banner says so and how to get a URL it takes instead.
 */
import { PATHS } from './paths.ts';
import { isWildcardAddress } from './http-server.ts';
import type { RunningEmulator } from './server.ts';
import { isConfidential, type Tenant, type TenantClient } from './tenant.ts';

function connectionsOf(tenant: Tenant, client: TenantClient): string {
  const names = tenant.connections.filter((c) => c.enabled_clients.includes(client.client_id)).map((c) => c.name);
  return names.length > 0 ? names.join(', ') : '(none)';
}

function clientLines(tenant: Tenant, client: TenantClient): string[] {
  const kind = isConfidential(client) ? 'confidential' : 'public, no secret';
  const lines = [`  ${client.client_id} (${client.app_type}, ${kind}): ${client.name}`];
  if (client.client_secret !== undefined) lines.push(`    secret:      ${client.client_secret}`);
  lines.push(`    grants:      ${client.grant_types.join(', ')}`);
  lines.push(`    connections: ${connectionsOf(tenant, client)}`);
  return lines;
}

function userLines(tenant: Tenant): string[] {
  if (tenant.users.length === 0) return [];
  const describe = (user: Tenant['users'][number]): string => {
    const traits = [user.mfa === true ? 'mfa_required' : '', user.claims !== undefined ? `claims: ${Object.keys(user.claims).join(', ')}` : ''].filter(Boolean);
    return `  ${user.email ?? user.phone_number}${traits.length > 0 ? ` (${traits.join('; ')})` : ''}`;
  };
  return ['Users:', ...tenant.users.map(describe)];
}

function testCodeLines(tenant: Tenant): string[] {
  return tenant.test_codes.map((entry) => `Test code: identities containing "${entry.match}" always get ${entry.code}`);
}

export interface BannerOptions {
  /** The address given to listen on (`--host`); a wildcard one is named as such. */
  host?: string;
  /** Whether pwless takes `emu.url` as a --domain (src/core/domain.ts); default true. */
  pwlessAcceptsUrl?: boolean;
}

function listeningLine(emu: RunningEmulator, host: string | undefined): string {
  if (host === undefined || !isWildcardAddress(host)) return `Listening on ${emu.url} (issuer ${emu.issuer})`;
  return `Listening on every interface (${host}); from this machine use ${emu.url} (issuer ${emu.issuer})`;
}

function profileLines(emu: RunningEmulator, pwlessAcceptsUrl: boolean): string[] {
  if (!pwlessAcceptsUrl) {
    return [
      `pwless itself refuses ${emu.url}: it speaks plain http to loopback addresses only.`,
      `  To log in with pwless, run the emulator with --host 127.0.0.1 (the default) or --host 0.0.0.0, then use http://127.0.0.1:${new URL(emu.url).port},`,
      '  or serve HTTPS here with --tls-cert and --tls-key.',
    ];
  }
  const profileClient = emu.tenant.clients.find((c) => !isConfidential(c)) ?? emu.tenant.clients[0];
  return ['Add a profile for it:', `  pwless profile add emulator --domain ${emu.url} --client-id ${profileClient?.client_id ?? 'emulator-native'}`];
}

export function bannerLines(emu: RunningEmulator, options: BannerOptions = {}): string[] {
  return [
    'pwless emulator: a local test double of the Auth0 passwordless API.',
    'Its keys, codes and tokens are for testing only: never use them in production.',
    listeningLine(emu, options.host),
    'Clients:',
    ...emu.tenant.clients.flatMap((client) => clientLines(emu.tenant, client)),
    ...userLines(emu.tenant),
    ...testCodeLines(emu.tenant),
    `Outbox (codes and links instead of email/SMS): ${emu.url}${PATHS.outbox}`,
    ...profileLines(emu, options.pwlessAcceptsUrl ?? true),
  ];
}
