// The tenant file: its schema (each error names the JSON path), the default tenant and its
// documented copy, and what a tenant's connections, users and test codes change.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import type { RunningEmulator } from '../../../src/emulator/server.ts';
import { validateTenant } from '../../../src/emulator/tenant-schema.ts';
import { call, expectError, OTP_GRANT, postForm, postJson, start } from './helpers.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const dir = tempDir('pwless-tenant-');

/** The example tenant of the issue: a confidential web client, one email connection, an MFA user. */
function issueTenant(): Record<string, any> {
  return {
    clients: [
      {
        client_id: 'web',
        name: 'Web',
        app_type: 'regular_web',
        client_secret: 's3cret',
        grant_types: [OTP_GRANT, 'refresh_token', 'authorization_code'],
        callbacks: ['http://127.0.0.1/*'],
        is_token_endpoint_ip_header_trusted: true,
      },
    ],
    connections: [{ name: 'email', strategy: 'email', enabled_clients: ['web'], otp_length: 6, otp_ttl_seconds: 300, disable_signup: false }],
    users: [{ email: 'mfa@example.com', mfa: true, claims: { roles: ['admin'] } }],
    test_codes: [{ match: '+test@', code: '424242' }],
  };
}

function writeTenant(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

async function configError(tenant: string | object): Promise<EmulatorConfigError> {
  const error = await start({ tenant }).then(
    (emu) => emu.close().then(() => undefined),
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(EmulatorConfigError);
  return error as EmulatorConfigError;
}

describe('the tenant file schema', () => {
  it('accepts the example of the issue as it is (E-TENANT-2)', () => {
    expect(validateTenant(issueTenant()).clients[0]!.client_id).toBe('web');
  });

  const mutate = (change: (t: Record<string, any>) => void): Record<string, any> => {
    const tenant = issueTenant();
    change(tenant);
    return tenant;
  };

  it.each([
    ['a bad app_type', (t: any) => (t.clients[0].app_type = 'desktop'), 'clients[0].app_type: must be one of native, spa, regular_web, non_interactive'],
    ['no clients', (t: any) => delete t.clients, 'clients: is required'],
    ['an empty client list', (t: any) => (t.clients = []), 'clients: must have at least one client'],
    [
      'a confidential client without secret',
      (t: any) => delete t.clients[0].client_secret,
      'clients[0].client_secret: is required for a regular_web client (a confidential application)',
    ],
    [
      'a public client with a secret',
      (t: any) => (t.clients[0].app_type = 'native'),
      'clients[0].client_secret: must be absent: a native client is public and has no secret',
    ],
    [
      'an SPA with the OTP grant',
      (t: any) => Object.assign(t.clients[0], { app_type: 'spa', client_secret: undefined }),
      'clients[0].grant_types[0]: the passwordless OTP grant cannot be enabled for a spa client (Auth0 refuses it)',
    ],
    ['an unknown grant', (t: any) => t.clients[0].grant_types.push('passwordless'), 'clients[0].grant_types[3]: unknown grant type'],
    [
      'a trusted public client',
      (t: any) => t.clients.push({ client_id: 'n', app_type: 'native', grant_types: [], is_token_endpoint_ip_header_trusted: true }),
      'clients[1].is_token_endpoint_ip_header_trusted: only confidential clients',
    ],
    ['a duplicate client_id', (t: any) => t.clients.push({ ...t.clients[0] }), 'clients[1]: duplicate client_id "web"'],
    ['an unknown property', (t: any) => (t.clients[0].secret = 'x'), 'clients[0].secret: unknown property (known: client_id, name'],
    ['a bad strategy', (t: any) => (t.connections[0].strategy = 'magic'), 'connections[0].strategy: must be one of email, sms'],
    ['an unknown enabled client', (t: any) => t.connections[0].enabled_clients.push('nope'), 'connections[0].enabled_clients[1]: no client "nope" in clients'],
    ['a bad otp_length', (t: any) => (t.connections[0].otp_length = 3), 'connections[0].otp_length: must be an integer from 4 to 10, not 3'],
    [
      'a bad otp_ttl_seconds',
      (t: any) => (t.connections[0].otp_ttl_seconds = '300'),
      'connections[0].otp_ttl_seconds: must be an integer from 1 to 31536000, not "300"',
    ],
    ['a non-boolean disable_signup', (t: any) => (t.connections[0].disable_signup = 'yes'), 'connections[0].disable_signup: must be true or false, not string'],
    ['a user without identity', (t: any) => (t.users[0] = { mfa: true }), 'users[0]: give exactly one of email and phone_number'],
    ['a bad user email', (t: any) => (t.users[0].email = 'nope'), 'users[0].email: is not an email address'],
    ['a bad user phone', (t: any) => (t.users[0] = { phone_number: '555' }), 'users[0].phone_number: must match ^\\+[0-9]{1,15}$ (E.164)'],
    ['a reserved claim', (t: any) => (t.users[0].claims.sub = 'x'), 'users[0].claims.sub: is set by the emulator and cannot be overridden'],
    ['a user on a connection of the other strategy', (t: any) => (t.users[0].connection = 'nope'), 'users[0].connection: no connection "nope" in connections'],
    ['a non-numeric test code', (t: any) => (t.test_codes[0].code = 'abc'), 'test_codes[0].code: must be 4 to 10 digits'],
    ['a non-object', (t: any) => (t.users = {}), 'users: must be an array, not object'],
    [
      'a callback that is not a URL',
      (t: any) => t.clients[0].callbacks.push('/callback'),
      'clients[0].callbacks[1]: must be an absolute URL without a fragment',
    ],
    [
      'a callback with a fragment',
      (t: any) => t.clients[0].callbacks.push('http://127.0.0.1/cb#x'),
      'clients[0].callbacks[1]: must be an absolute URL without a fragment',
    ],
  ])('refuses %s, naming the path (E-TENANT-2)', async (_what, change, message) => {
    const path = writeTenant('bad.json', mutate(change));
    const error = await configError(path);
    expect(error.option).toBe('tenant');
    expect(error.isConfigFile).toBe(true);
    expect(error.file).toBe(path);
    expect(error.message).toContain(`Tenant file ${path}: ${message}`);
  });

  it('names unreadable and unparsable files (E-TENANT-2)', async () => {
    const missing = join(dir, 'missing.json');
    expect((await configError(missing)).message).toBe(`Tenant file ${missing}: cannot read it (ENOENT).`);
    const broken = writeTenant('broken.json', '{"clients": [');
    expect((await configError(broken)).message).toMatch(new RegExp(`^Tenant file ${broken}: not valid JSON \\(`));
    expect((await configError(writeTenant('array.json', '[]'))).message).toContain(': must be an object, not array');
  });

  it('checks a tenant object given in code the same way (E-TENANT-2)', async () => {
    const error = await configError({ clients: [{ client_id: 'x', app_type: 'robot', grant_types: [] }], connections: [] });
    expect(error.message).toBe(
      'Invalid tenant: clients[0].app_type: must be one of native, spa, regular_web, non_interactive. See docs/emulator.md "Tenant file" for the schema.',
    );
  });
});

describe('the default tenant', () => {
  it('is documented, byte for byte, in docs/emulator-tenant.example.json (E-TENANT-1)', () => {
    const example = readFileSync(new URL('../../../docs/emulator-tenant.example.json', import.meta.url), 'utf8');
    expect(example).toBe(`${JSON.stringify(defaultTenant(), null, 2)}\n`);
  });

  it('passes its own schema and has the three clients (E-TENANT-1)', () => {
    const tenant = validateTenant(defaultTenant());
    expect(tenant.clients.map((c) => [c.client_id, c.app_type])).toEqual([
      ['emulator-native', 'native'],
      ['emulator-spa', 'spa'],
      ['emulator-web', 'regular_web'],
    ]);
    expect(tenant.clients[2]!.is_token_endpoint_ip_header_trusted).toBe(true);
  });
});

describe('a tenant file in use', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    const tenant = issueTenant();
    tenant.connections.push({ name: 'sms', strategy: 'sms', enabled_clients: ['web'], otp_length: 8, otp_ttl_seconds: 60 });
    tenant.users.push({ email: 'claims@example.com', claims: { roles: ['reader'], name: 'Claire' } });
    tenant.test_codes.push({ match: '+1555010', code: '13579' });
    emu = await start({ tenant: writeTenant('good.json', tenant), seed: 'tenant' });
  });
  afterAll(() => emu.close());

  const startFor = (to: Record<string, string>) => postJson(emu, '/passwordless/start', { client_id: 'web', client_secret: 's3cret', send: 'code', ...to });
  const lastMessage = async (to: string) => (await call(emu, `/__emulator/outbox?to=${encodeURIComponent(to)}`)).body.messages[0];
  const exchange = (username: string, otp: string, realm = 'email') =>
    postForm(emu, '/oauth/token', { grant_type: OTP_GRANT, client_id: 'web', client_secret: 's3cret', username, realm, otp, scope: 'openid profile email' });

  it('serves its clients only (E-TENANT-3)', async () => {
    expectError(
      await postJson(emu, '/passwordless/start', { client_id: 'emulator-native', connection: 'email', email: 'a@b.co' }),
      401,
      'unauthorized_client',
      'Unknown client.',
    );
  });

  it("uses a connection's own code length and lifetime (E-TENANT-3, B-OTP-3, B-OTP-4)", async () => {
    expect((await startFor({ connection: 'sms', phone_number: '+4915112345678' })).status).toBe(200);
    const message = await lastMessage('+4915112345678');
    expect(message.code).toMatch(/^\d{8}$/);
    expect(Date.parse(message.expires_at) - Date.parse(message.created_at)).toBe(60_000);
  });

  it('gives identities that contain a test_codes match its fixed code, email and sms (E-TENANT-4)', async () => {
    expect((await startFor({ connection: 'email', email: 'Jane+TEST@example.com' })).status).toBe(200);
    expect((await lastMessage('jane+test@example.com')).code).toBe('424242');
    expect((await exchange('jane+test@example.com', '424242')).status).toBe(200);
    expect((await startFor({ connection: 'sms', phone_number: '+15550101' })).status).toBe(200);
    expect((await lastMessage('+15550101')).code).toBe('13579');
  });

  it("puts a user's claims into its ID token and /userinfo, with a stable sub (E-TENANT-5)", async () => {
    await startFor({ connection: 'email', email: 'claims@example.com' });
    const tokens = await exchange('claims@example.com', (await lastMessage('claims@example.com')).code);
    expect(tokens.status).toBe(200);
    const claims = decodeJwt(tokens.body.id_token);
    expect(claims).toMatchObject({ roles: ['reader'], name: 'Claire', email: 'claims@example.com', aud: 'web' });
    expect(claims.sub).toMatch(/^email\|[0-9a-f]{24}$/);
    const userinfo = await call(emu, '/userinfo', { headers: { authorization: `Bearer ${tokens.body.access_token}` } });
    expect(userinfo.body).toMatchObject({ sub: claims.sub, roles: ['reader'], name: 'Claire' });
  });

  it('answers 403 mfa_required with mfa_token and mfa_requirements for an MFA user (E-TENANT-5, B-TOKEN-ERR-10)', async () => {
    await startFor({ connection: 'email', email: 'mfa@example.com' });
    const code = (await lastMessage('mfa@example.com')).code;
    const answer = await exchange('mfa@example.com', code);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      error: 'mfa_required',
      error_description: 'Multifactor authentication required',
      mfa_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      mfa_requirements: { challenge: [{ type: 'otp' }] },
    });
    // The code was the first factor: it is used up.
    expectError(await exchange('mfa@example.com', code), 403, 'invalid_grant', 'Wrong email or verification code.');
  });
});
