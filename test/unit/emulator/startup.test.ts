// startEmulator(): options, key files, seeds, discovery, JWKS, routing and the banner.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantBaseUrl } from '../../../src/core/domain.ts';
import { bannerLines } from '../../../src/emulator/banner.ts';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import { baseUrl, isWildcardAddress } from '../../../src/emulator/http-server.ts';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server.ts';
import { call, expectError, ManualClock, OTP_GRANT, otpParams, postForm, postJson, sendCode, start } from './helpers.ts';

let dir: string;
let pkcs8: string;
let pkcs1: string;
let jwkFile: string;
let publicJwk: { n?: string; e?: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pwless-emulator-'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  publicJwk = publicKey.export({ format: 'jwk' });
  pkcs8 = join(dir, 'key.pem');
  writeFileSync(pkcs8, privateKey.export({ format: 'pem', type: 'pkcs8' }));
  pkcs1 = join(dir, 'key-rsa.pem');
  writeFileSync(pkcs1, privateKey.export({ format: 'pem', type: 'pkcs1' }));
  jwkFile = join(dir, 'key.jwk.json');
  writeFileSync(jwkFile, JSON.stringify(privateKey.export({ format: 'jwk' })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function expectConfigError(promise: Promise<unknown>, option: string, message: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EmulatorConfigError);
  expect(err).toMatchObject({ name: 'EmulatorConfigError', option, message: expect.stringMatching(message) });
}

describe('options', () => {
  it.each([
    ['port', { port: 1.5 }, /^Invalid port 1\.5: use an integer from 0 to 65535 \(0 picks any free port\)\.$/],
    ['port', { port: 70000 }, /^Invalid port 70000/],
    ['port', { port: '4010' as unknown as number }, /^Invalid port "4010"/],
    ['otpLength', { otpLength: 3 }, /^Invalid otpLength 3: use an integer from 4 to 10 \(default 6\)\.$/],
    ['otpLength', { otpLength: 11 }, /^Invalid otpLength 11/],
    ['otpTtlSeconds', { otpTtlSeconds: 0 }, /^Invalid otpTtlSeconds 0: use a whole number of seconds from 1 to 31536000 \(one year; default 300\)\.$/],
    ['host', { host: '' }, /^Invalid host "": give a host name or IP address such as 127\.0\.0\.1\.$/],
    ['seed', { seed: '' }, /^Invalid seed ""/],
    ['clock', { clock: {} as { now(): number } }, /^Invalid clock: give an object with a now\(\) method/],
  ])('refuses a bad %s (E-RUN-2)', async (option, options, message) => {
    await expectConfigError(startEmulator(options), option, message);
  });

  it('refuses unreadable and invalid key files, naming the file and the fix (E-KEY-1)', async () => {
    const bad = (name: string, content: string): string => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const fix = /Give a PEM RSA private key \(PKCS#8 or PKCS#1\) or one private RSA JWK, or leave the key file out/;
    await expectConfigError(startEmulator({ port: 0, keyFile: join(dir, 'missing.pem') }), 'keyFile', /missing\.pem: cannot read it \(ENOENT\)\./);
    await expectConfigError(startEmulator({ port: 0, keyFile: bad('garbage.pem', 'hello') }), 'keyFile', fix);
    await expectConfigError(startEmulator({ port: 0, keyFile: bad('broken.json', '{"kty":') }), 'keyFile', /it looks like JSON but does not parse/);
    await expectConfigError(startEmulator({ port: 0, keyFile: bad('public.json', JSON.stringify(publicJwk)) }), 'keyFile', /the JWK has no private part/);
    await expectConfigError(startEmulator({ port: 0, keyFile: bad('set.json', '{"keys":[]}') }), 'keyFile', /it is a JWK Set; give a single JWK/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    await expectConfigError(startEmulator({ port: 0, keyFile: bad('ec.pem', ec) }), 'keyFile', /it is a ec key, RS256 needs RSA/);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    await expectConfigError(startEmulator({ port: 0, keyFile: bad('small.pem', small) }), 'keyFile', /the RSA modulus has 1024 bits, RS256 needs 2048 or more/);
  });

  it('says a busy port is in use and suggests --port 0 (E-RUN-3)', async () => {
    const first = await start();
    try {
      const port = Number(new URL(first.url).port);
      await expectConfigError(startEmulator({ port }), 'port', new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use: .*--port 0`));
    } finally {
      await first.close();
    }
  });
});

describe('keys', () => {
  it('loads PKCS#8, PKCS#1 and JWK files to the same key and kid (RFC 7638 thumbprint) (E-KEY-1)', async () => {
    const kid = await calculateJwkThumbprint({ kty: 'RSA', n: publicJwk.n!, e: publicJwk.e! });
    for (const keyFile of [pkcs8, pkcs1, jwkFile]) {
      const emu = await start({ keyFile });
      try {
        const jwks = await call(emu, '/.well-known/jwks.json');
        expect(jwks.body).toEqual({ keys: [{ kty: 'RSA', n: publicJwk.n, e: publicJwk.e, kid, use: 'sig', alg: 'RS256' }] });
      } finally {
        await emu.close();
      }
    }
  });

  it('generates a different key per run without a key file (E-KEY-2)', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    try {
      const kids = await Promise.all([a, b].map(async (emu) => (await call(emu, '/.well-known/jwks.json')).body.keys[0].kid));
      expect(kids[0]).not.toBe(kids[1]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('seed', () => {
  async function run(seed: string | undefined): Promise<unknown[]> {
    const emu = await start({ seed, keyFile: pkcs8, clock: new ManualClock(), otpLength: 8 });
    try {
      const ids: unknown[] = [];
      ids.push(
        (await postJson(emu, '/passwordless/start', { client_id: 'emulator-native', connection: 'email', email: 'seed@example.com', send: 'code' })).body._id,
      );
      const code = await sendCode(emu, { email: 'seed@example.com' });
      const tokens = (await postForm(emu, '/oauth/token', otpParams('seed@example.com', code, { scope: 'openid offline_access' }))).body;
      const outbox = (await call(emu, '/__emulator/outbox')).body.messages;
      ids.push(
        code,
        outbox.map((m: { id: string }) => m.id),
        decodeJwt(tokens.id_token).sub,
        tokens.refresh_token,
      );
      return ids;
    } finally {
      await emu.close();
    }
  }

  it('repeats codes, _ids, message ids, user ids, and refresh tokens for one seed and key (E-RANDOM-1)', async () => {
    const [a, b, c] = await Promise.all([run('repeatable'), run('repeatable'), run('another')]);
    expect(a).toEqual(b);
    expect(a[1]).toMatch(/^\d{8}$/);
    expect(c[1]).not.toBe(a[1]);
    expect(c[3]).not.toBe(a[3]);
  });
});

describe('discovery and routing', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  it('serves an Auth0-shaped discovery document (B-DISC-1)', async () => {
    const answer = await call(emu, '/.well-known/openid-configuration');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      issuer: `${emu.url}/`,
      authorization_endpoint: `${emu.url}/authorize`,
      token_endpoint: `${emu.url}/oauth/token`,
      userinfo_endpoint: `${emu.url}/userinfo`,
      jwks_uri: `${emu.url}/.well-known/jwks.json`,
      grant_types_supported: [OTP_GRANT, 'refresh_token', 'authorization_code', 'implicit'],
      response_types_supported: ['code', 'token', 'id_token', 'token id_token'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    });
    expect(answer.body.response_types_supported).toContain('code');
    expect(answer.body.scopes_supported).toContain('openid');
    expect(answer.body.claims_supported).toContain('email_verified');
    expect(emu.issuer).toBe(`${emu.url}/`);
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers 404 for unknown paths and 405 with allow for wrong methods (E-ROUTE-1)', async () => {
    expectError(await call(emu, '/oauth/authorize?x=1'), 404, 'not_found', 'GET /oauth/authorize is not an endpoint of the pwless emulator.');
    expectError(await call(emu, '/', { method: 'PUT' }), 404, 'not_found', 'PUT / is not an endpoint of the pwless emulator.');
    const wrong = await call(emu, '/oauth/token');
    expectError(wrong, 405, 'method_not_allowed', 'GET is not allowed on /oauth/token; use POST.');
    expect(wrong.headers.get('allow')).toBe('POST');
    const outbox = await call(emu, '/__emulator/outbox', { method: 'POST' });
    expect(outbox.headers.get('allow')).toBe('GET, DELETE');
  });

  it('prints a banner with the test-double warning, clients, outbox and profile command (E-BANNER-1)', () => {
    const lines = bannerLines(emu);
    const text = lines.join('\n');
    expect(text).toMatch(/test double/);
    expect(text).toMatch(/never use them in production/);
    expect(text).toContain(emu.url);
    expect(text).toContain('emulator-native (native, public, no secret)');
    expect(text).toContain('secret:      emulator-web-secret');
    expect(text).toContain(`grants:      ${OTP_GRANT}, refresh_token, authorization_code`);
    expect(text).toContain('connections: email, sms');
    expect(text).toContain(`${emu.url}/__emulator/outbox`);
    expect(lines.at(-1)).toBe(`  pwless profile add emulator --domain ${emu.url} --client-id emulator-native`);
  });

  it('for a wildcard host, names it and suggests the loopback URL, a --domain pwless accepts (E-BANNER-1, E-RUN-4)', () => {
    const port = new URL(emu.url).port;
    const wildcard = { ...emu, url: `http://127.0.0.1:${port}`, issuer: `http://127.0.0.1:${port}/` };
    const lines = bannerLines(wildcard, { host: '0.0.0.0', pwlessAcceptsUrl: true });
    expect(lines).toContain(`Listening on every interface (0.0.0.0); from this machine use http://127.0.0.1:${port} (issuer http://127.0.0.1:${port}/)`);
    const suggested = /--domain (\S+)/.exec(lines.at(-1) ?? '')?.[1];
    expect(suggested).toBe(`http://127.0.0.1:${port}`);
    expect(tenantBaseUrl(suggested ?? '').origin).toBe(`http://127.0.0.1:${port}`);
    expect(lines.join('\n')).not.toContain('0.0.0.0:');
  });

  it('for an http URL pwless refuses (a LAN address), says so instead of suggesting a profile (E-BANNER-1)', () => {
    const lan = { ...emu, url: 'http://192.168.1.5:4010', issuer: 'http://192.168.1.5:4010/' };
    expect(() => tenantBaseUrl(lan.url)).toThrow('plain http is allowed for loopback hosts only');
    const text = bannerLines(lan, { host: '192.168.1.5', pwlessAcceptsUrl: false }).join('\n');
    expect(text).toContain('Listening on http://192.168.1.5:4010');
    expect(text).not.toContain('profile add');
    expect(text).toContain('pwless itself refuses http://192.168.1.5:4010: it speaks plain http to loopback addresses only.');
    expect(text).toContain('then use http://127.0.0.1:4010');
    expect(text).toContain('--tls-cert and --tls-key');
  });
});

describe('base URL', () => {
  const at = (address: string, family: string) => ({ address, family, port: 4010 });

  it('turns a wildcard address into the loopback address of its family, which reaches the server (E-RUN-4)', () => {
    expect(baseUrl('0.0.0.0', at('0.0.0.0', 'IPv4'), false)).toBe('http://127.0.0.1:4010');
    expect(baseUrl('::', at('::', 'IPv6'), false)).toBe('http://[::1]:4010');
    expect(baseUrl('::', at('::', 'IPv6'), true)).toBe('https://[::1]:4010');
  });

  it('keeps loopback, LAN addresses and host names as they are (E-RUN-4)', () => {
    expect(baseUrl('127.0.0.1', at('127.0.0.1', 'IPv4'), false)).toBe('http://127.0.0.1:4010');
    expect(baseUrl('::1', at('::1', 'IPv6'), false)).toBe('http://[::1]:4010');
    expect(baseUrl('192.168.1.5', at('192.168.1.5', 'IPv4'), false)).toBe('http://192.168.1.5:4010');
    expect(baseUrl('localhost', at('127.0.0.1', 'IPv4'), false)).toBe('http://localhost:4010');
  });

  it.each([
    ['0.0.0.0', true],
    ['::', true],
    ['0:0:0:0:0:0:0:0', true],
    ['::0', true],
    ['127.0.0.1', false],
    ['::1', false],
    ['10.0.0.0', false],
    ['localhost', false],
    ['0', false],
  ])('isWildcardAddress(%j) is %s (E-RUN-4)', (host, wildcard) => {
    expect(isWildcardAddress(host)).toBe(wildcard);
  });
});
