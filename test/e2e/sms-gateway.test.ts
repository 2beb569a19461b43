/**
 * `pwless sms-gateway` as a real process: POSTed to as Auth0's custom SMS gateway does (Auth0 docs,
 * "Set Up Custom SMS Gateway for Passwordless Connections"), with and without a valid HS256 bearer
 * JWT; read back by the `sms-gateway:` code source; its refusals of bad options; a clean stop.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { readCode, readLink } from '../../src/otp/read.ts';
import { parseOtpSource } from '../../src/otp/source.ts';
import { eventually } from '../helpers/poll.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { runCli } from './cli.ts';
import { spawnSmsGateway, type SmsGatewayProcess } from './sms-gateway-process.ts';

const running: SmsGatewayProcess[] = [];
afterEach(async () => {
  for (const g of running.splice(0)) await g.stop();
});

async function spawnGateway(args: string[]): Promise<SmsGatewayProcess> {
  const gateway = await spawnSmsGateway(args);
  running.push(gateway);
  return gateway;
}

const SECRET = 'a-gateway-secret-of-at-least-32-bytes!!';

function secretFile(content = SECRET): string {
  const file = join(tempDir('pwless-gw-'), 'gateway.secret');
  writeFileSync(file, `${content}\n`, { mode: 0o600 });
  return file;
}

async function token(claims: { sub?: string; aud?: string; expiresIn?: string }, secret = SECRET): Promise<string> {
  let jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '5m');
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  if (claims.aud) jwt = jwt.setAudience(claims.aud);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** What Auth0 POSTs to gateway_url for one passwordless SMS (forward_req_info adds `req`). */
function post(url: string, body: unknown, bearer?: string): Promise<Response> {
  return fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
}

function rcFor(phone: string, sinceMs: number, timeoutMs = 5000) {
  return {
    base: new URL('http://127.0.0.1:1/'),
    identity: phone,
    sinceMs,
    timeoutMs,
    regex: undefined,
    http: { timeoutMs: 5000 },
    env: {},
    passEnv: [],
    stdin: Readable.from([]),
    signal: undefined,
  };
}

describe('pwless sms-gateway', () => {
  it('takes a message under a valid JWT, refuses one without (401, logged), and the sms-gateway: source reads the code back', async () => {
    const gw = await spawnGateway(['--jwt-secret-file', secretFile(), '--subject', 'urn:Auth0', '--audience', 'urn:my-gateway']);
    expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sinceMs = Date.now();
    const message = {
      recipient: '+14155550123',
      body: 'Your verification code is: 482913',
      sender: '+15550000000',
      req: { ip: '203.0.113.7', 'user-agent': 'curl/8' },
    };

    const none = await post(gw.url, message);
    expect(none.status).toBe(401);
    const wrongAudience = await post(gw.url, message, await token({ sub: 'urn:Auth0', aud: 'urn:someone-else' }));
    expect(wrongAudience.status).toBe(401);
    const wrongSecret = await post(gw.url, message, await token({ sub: 'urn:Auth0', aud: 'urn:my-gateway' }, 'another-secret-another-secret-000'));
    expect(wrongSecret.status).toBe(401);
    const expired = await post(gw.url, message, await token({ sub: 'urn:Auth0', aud: 'urn:my-gateway', expiresIn: '-1m' }));
    expect(expired.status).toBe(401);
    await eventually(() => (gw.stderr().match(/refused 401/g) ?? []).length === 4);
    expect(gw.stderr()).toContain('no Authorization header');
    expect(gw.stderr()).toContain('has expired');
    expect((await (await fetch(`${gw.url}/messages`)).json()) as unknown).toEqual({ messages: [] });

    const ok = await post(gw.url, message, await token({ sub: 'urn:Auth0', aud: 'urn:my-gateway' }));
    expect(ok.status).toBe(200);
    const found = await readCode(parseOtpSource(`sms-gateway:${gw.url}`), rcFor('+1 (415) 555-0123', sinceMs));
    expect(found.code).toBe('482913');
    expect(found.from).toBe('the SMS gateway (message sms_1)');

    const listed = (await (await fetch(`${gw.url}/messages?to=${encodeURIComponent('+14155550123')}&since=${sinceMs}`)).json()) as {
      messages: Record<string, unknown>[];
    };
    expect(listed.messages).toEqual([
      { id: 'sms_1', channel: 'sms', to: '+14155550123', body: message.body, code: '482913', link: null, created_at: expect.any(String) },
    ]);
    // The code is masked on stderr; the line names the number and the message.
    await eventually(() => gw.stderr().includes('(sms_1): code ••••'));
    expect(gw.stderr()).not.toContain('482913');
    expect(gw.stderr()).not.toContain(SECRET);

    expect(await gw.stop('SIGTERM')).toBe(0);
    expect(gw.stderr()).toContain('SMS gateway stopped.');
    expect(gw.stdout()).toBe(`${gw.url}\n`);
  });

  it('without a secret it takes any POST; the newest message is read, its code and its link; --json prints one document', async () => {
    const gw = await spawnGateway(['--json', '--show-codes']);
    const doc = JSON.parse(gw.url) as { ok: boolean; url: string; messages_url: string; authentication: string };
    expect(doc).toEqual({ ok: true, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), messages_url: `${doc.url}/messages`, authentication: 'none' });
    expect((await post(doc.url, { recipient: '+447700900123', body: 'Your code is 111111', sender: 'Auth0' })).status).toBe(200);
    const sinceMs = Date.now() - 500;
    const link = 'https://tenant.example/passwordless/verify_redirect?verification_code=202020&connection=sms&client_id=abc';
    expect((await post(doc.url, { recipient: '+447700900123', body: `Log in: ${link} (code 202020)`, sender: 'Auth0' })).status).toBe(200);
    const rc = rcFor('+447700900123', sinceMs);
    expect((await readCode(parseOtpSource(`sms-gateway:${doc.url}`), rc)).code).toBe('202020');
    expect((await readLink(parseOtpSource(`sms-gateway:${doc.url}`), rc)).link.href).toBe(link);
    expect(gw.stderr()).toContain('code 202020'); // --show-codes
    expect((await post(doc.url, { body: 'no recipient' })).status).toBe(400);
    expect(await gw.stop('SIGINT')).toBe(0);
  });

  it('nothing for the number in time: otp_timeout naming the gateway, the number and since when', async () => {
    const gw = await spawnGateway([]);
    await post(gw.url, { recipient: '+15550001111', body: 'Your code is 999999', sender: 'x' });
    const sinceMs = Date.now() + 60_000;
    const error = await readCode(parseOtpSource(`sms-gateway:${gw.url}`), rcFor('+15550001111', sinceMs, 300)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'otp_timeout' });
    expect((error as Error).message).toBe(
      `No message to +15550001111 reached the SMS gateway at ${gw.url} since ${new Date(sinceMs).toISOString()} within 0.3 s.`,
    );
  });

  it('refuses options that cannot work, before listening (exit 2)', async () => {
    const stray = await runCli(['sms-gateway', '--subject', 'urn:Auth0', '--json']);
    expect(stray.code).toBe(2);
    expect(JSON.parse(stray.stdout)).toMatchObject({ ok: false, error: { code: 'invalid_sms_gateway_option' } });
    const unreadable = await runCli(['sms-gateway', '--jwt-secret-file', join(tempDir(), 'missing.secret')]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('--jwt-secret-file');
    const empty = await runCli(['sms-gateway', '--jwt-secret-file', secretFile('')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('is empty');
    const badPort = await runCli(['sms-gateway', '--port', '70000']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port "70000" is not valid');

    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as { port: number }).port;
      const inUse = await runCli(['sms-gateway', '--port', String(port), '--json']);
      expect(inUse.code).toBe(2);
      expect(JSON.parse(inUse.stdout)).toMatchObject({ ok: false, error: { code: 'sms_gateway_port_in_use' } });
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});
