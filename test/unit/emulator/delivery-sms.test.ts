/**
 * SMS sent to a custom SMS gateway as Auth0 sends them (docs/auth0-behaviour.md, B-GATEWAY-1…4,
 * B-MSG-3; docs/emulator.md "Real delivery"): a real receiver on loopback gets the exact JSON body
 * and a bearer HS256 JWT it verifies with jose; a gateway that refuses or hangs makes
 * /passwordless/start answer 400 `sms_provider_error`, and no code is issued.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../src/emulator/server.ts';
import { startSmsGatewayReceiver, type SmsGatewayReceiver } from '../../helpers/sms-gateway-receiver.ts';
import { call, expectError, NATIVE, postJson } from './helpers.ts';

const PHONE = '+15550100';
const SECRET = 'a-gateway-secret-of-32-bytes-len';
const running: RunningEmulator[] = [];
const receivers: SmsGatewayReceiver[] = [];

async function receiver(options: Parameters<typeof startSmsGatewayReceiver>[0] = {}): Promise<SmsGatewayReceiver> {
  const started = await startSmsGatewayReceiver(options);
  receivers.push(started);
  return started;
}

async function emulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const emu = await startEmulator({ port: 0, ...options });
  running.push(emu);
  return emu;
}

function start(emu: RunningEmulator, phone = PHONE, headers: Record<string, string> = {}) {
  return postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'sms', phone_number: phone, send: 'code' }, headers);
}

async function outboxOf(emu: RunningEmulator, to = PHONE) {
  return (await call(emu, `/__emulator/outbox?to=${encodeURIComponent(to)}`)).body.messages;
}

function smsTenant(sms: Record<string, unknown>) {
  const tenant = defaultTenant();
  tenant.connections[1] = { ...tenant.connections[1]!, ...sms };
  return tenant;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((emu) => emu.close()));
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

describe('B-GATEWAY-1: each SMS is POSTed as JSON {recipient, body, sender}', () => {
  it('the exact body, no Authorization header without a secret; the outbox keeps its shape', async () => {
    const gateway = await receiver();
    const emu = await emulator({ smsGateway: { url: gateway.url } });
    expect((await start(emu)).status).toBe(200);
    const [message] = await outboxOf(emu);
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0]!.body).toEqual({ recipient: PHONE, body: `Your verification code is: ${message.code}`, sender: 'pwless-emulator' });
    expect(gateway.requests[0]!.headers['content-type']).toBe('application/json');
    expect(gateway.requests[0]!.headers.authorization).toBeUndefined();
    expect(message.body).toBeUndefined();
  });

  it('with forward_req_info, `req` holds the IP and user agent of the /start request', async () => {
    const gateway = await receiver();
    const emu = await emulator({ smsGateway: { url: gateway.url, forwardReqInfo: true } });
    expect((await start(emu, PHONE, { 'user-agent': 'pwless-test/1' })).status).toBe(200);
    expect(gateway.requests[0]!.body.req).toEqual({ ip: '127.0.0.1', 'user-agent': 'pwless-test/1' });
  });
});

describe('B-GATEWAY-2: a bearer HS256 JWT with the configured sub and aud, signed with the secret', () => {
  it('from the smsGateway option: the receiver verifies it with jose', async () => {
    const gateway = await receiver({ secret: new TextEncoder().encode(SECRET), subject: 'urn:Auth0', audience: 'urn:MySmsGateway' });
    const emu = await emulator({ smsGateway: { url: gateway.url, secret: SECRET, subject: 'urn:Auth0', audience: 'urn:MySmsGateway' } });
    expect((await start(emu)).status).toBe(200);
    const [request] = gateway.requests;
    expect(request!.tokenError).toBeUndefined();
    expect(request!.claims).toMatchObject({ sub: 'urn:Auth0', aud: 'urn:MySmsGateway' });
    expect(request!.claims!.exp! - request!.claims!.iat!).toBe(300);
  });

  it("from the tenant file's own gateway_authentication (base64url secret), which wins over the option", async () => {
    const key = new Uint8Array(32).map((_, i) => i * 7);
    const gateway = await receiver({ secret: key, subject: 'urn:tenant', audience: 'urn:gw' });
    const other = await receiver();
    const tenant = smsTenant({
      provider: 'sms_gateway',
      gateway_url: gateway.url,
      from: '+15550999',
      gateway_authentication: {
        method: 'bearer',
        subject: 'urn:tenant',
        audience: 'urn:gw',
        secret: Buffer.from(key).toString('base64url'),
        secret_base64_encoded: true,
      },
    });
    const emu = await emulator({ tenant, smsGateway: { url: other.url } });
    expect((await start(emu)).status).toBe(200);
    expect(other.requests).toHaveLength(0);
    expect(gateway.requests[0]!.tokenError).toBeUndefined();
    expect(gateway.requests[0]!.body.sender).toBe('+15550999');
  });

  it('a wrong secret: the gateway answers 401, and /start says authentication failed', async () => {
    const gateway = await receiver({ secret: new TextEncoder().encode(SECRET) });
    const emu = await emulator({ smsGateway: { url: gateway.url, secret: 'not-the-secret' } });
    expectError(await start(emu), 400, 'sms_provider_error', 'Authentication failed while calling the SMS gateway: 401');
    expect(gateway.requests[0]!.tokenError).toBe('signature verification failed');
  });
});

describe('B-GATEWAY-3: a gateway that does not take the SMS fails /passwordless/start', () => {
  it('500: 400 sms_provider_error with its status; no message, and the previous code stays the last one', async () => {
    const gateway = await receiver();
    const lines: string[] = [];
    const emu = await emulator({ smsGateway: { url: gateway.url }, onMessage: (line) => lines.push(line) });
    expect((await start(emu)).status).toBe(200);
    gateway.answer = 500;
    expectError(await start(emu), 400, 'sms_provider_error', 'Unexpected response while calling the SMS gateway: 500');
    expect(await outboxOf(emu)).toHaveLength(1);
    expect(lines).toContain(`[sms-gateway] sms code to ${PHONE} refused by ${gateway.url}: Unexpected response while calling the SMS gateway: 500`);
  });

  it("an unreachable gateway: the network error code in place of the status (the emulator's choice)", async () => {
    const gateway = await receiver();
    await gateway.stop();
    receivers.pop();
    const emu = await emulator({ smsGateway: { url: gateway.url } });
    expectError(await start(emu), 400, 'sms_provider_error', 'Unexpected response while calling the SMS gateway: ECONNREFUSED');
  });
});

it('B-GATEWAY-4: a gateway that never answers is a timeout, well inside the timeout plus 2 s', async () => {
  const gateway = await receiver();
  gateway.answer = 'hang';
  const emu = await emulator({ smsGateway: { url: gateway.url }, smsGatewayTimeoutMs: 300 });
  const began = Date.now();
  expectError(await start(emu), 400, 'sms_provider_error', 'Timeout while calling the SMS gateway: ETIMEDOUT');
  expect(Date.now() - began).toBeLessThan(2300);
  expect(await outboxOf(emu)).toEqual([]);
});

describe('B-MSG-3, E-TEMPLATE-1: the SMS template, in either syntax', () => {
  it("md_with_macros (Auth0's default syntax): @@password@@ is the code", async () => {
    const gateway = await receiver();
    const emu = await emulator({ tenant: smsTenant({ template: 'Code @@password@@ for you' }), smsGateway: { url: gateway.url } });
    expect((await start(emu)).status).toBe(200);
    const [message] = await outboxOf(emu);
    expect(gateway.requests[0]!.body.body).toBe(`Code ${message.code} for you`);
    expect(message.body).toBe(`Code ${message.code} for you`);
  });

  it('liquid: password, code, phone_number, application.name and request_language', async () => {
    const gateway = await receiver();
    const template = '{{ application.name }}: {{ password }}={{ code }} to {{ phone_number }} ({{ request_language }})';
    const emu = await emulator({ tenant: smsTenant({ template, syntax: 'liquid' }), smsGateway: { url: gateway.url } });
    expect((await start(emu, PHONE, { 'x-request-language': 'de' })).status).toBe(200);
    const [message] = await outboxOf(emu);
    expect(gateway.requests[0]!.body.body).toBe(`Emulator Native App: ${message.code}=${message.code} to ${PHONE} (de)`);
  });
});
