// HTTPS (--tls-cert/--tls-key) with a throwaway self-signed certificate for 127.0.0.1, and the
// state file (--state-file) across restarts.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import type { EmulatorOptions } from '../../../src/emulator/server.ts';
import { call, NATIVE, otpParams, postForm, postJson, sendCode, start } from './helpers.ts';
import { selfSignedCertificate } from '../../helpers/certificates.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { eventually } from '../../helpers/poll.ts';

const dir = tempDir('pwless-tls-');
const tls = selfSignedCertificate();
const { cert, key } = tls;

beforeAll(() => tls.create());
afterAll(() => tls.remove());

async function configError(options: EmulatorOptions): Promise<EmulatorConfigError> {
  const error = await start(options).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(EmulatorConfigError);
  return error as EmulatorConfigError;
}

describe('HTTPS', () => {
  const agent = () => new Agent({ connect: { ca: readFileSync(cert, 'utf8') } });

  it('serves over TLS, with an https issuer, and refuses plain HTTP (E-TLS-1)', async () => {
    const emu = await start({ tlsCert: cert, tlsKey: key });
    const dispatcher = agent();
    try {
      expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(emu.issuer).toBe(`${emu.url}/`);
      const res = await undiciFetch(`${emu.url}/.well-known/openid-configuration`, { dispatcher, signal: AbortSignal.timeout(5000) });
      const discovery = (await res.json()) as Record<string, string>;
      expect(discovery.issuer).toBe(emu.issuer);
      expect(discovery.token_endpoint).toBe(`${emu.url}/oauth/token`);
      const plain = await fetch(`${emu.url.replace('https:', 'http:')}/__emulator/health`, { signal: AbortSignal.timeout(5000) }).then(
        (r) => r.status,
        () => 'refused',
      );
      expect(plain).not.toBe(200);
    } finally {
      await dispatcher.close();
      await emu.close();
    }
  });

  it.each([
    [{ tlsCert: cert }, 'tlsKey', 'Give both a TLS certificate and its private key (--tls-cert and --tls-key), or neither.'],
    [{ tlsCert: join(dir, 'none.pem'), tlsKey: key }, 'tlsCert', `TLS certificate ${join(dir, 'none.pem')}: cannot read it (ENOENT).`],
    [{ tlsCert: key, tlsKey: key }, 'tlsCert', `TLS certificate ${key}: not a PEM certificate (`],
    [{ tlsCert: cert, tlsKey: cert }, 'tlsKey', `TLS key ${cert}: not a PEM private key (`],
  ])('refuses %j (E-TLS-2)', async (options, option, message) => {
    const error = await configError(options);
    expect(error.option).toBe(option);
    expect(error.isConfigFile).toBe(false);
    expect(error.message).toContain(message);
  });

  it('refuses a key that does not belong to the certificate (E-TLS-2)', async () => {
    const other = join(dir, 'other-key.pem');
    execFileSync('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', other], { stdio: 'ignore', timeout: 20_000 });
    expect((await configError({ tlsCert: cert, tlsKey: other })).message).toBe(`TLS key ${other}: it is not the private key of ${cert}.`);
  });
});

describe('the state file', () => {
  it('keeps codes, users, messages, refresh tokens and keys across a restart (E-STATE-1)', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await start({ stateFile });
    const code = await sendCode(first, { email: 'keep@example.com' });
    const login = await postForm(first, '/oauth/token', otpParams('keep@example.com', code, { scope: 'openid offline_access' }));
    const pending = await sendCode(first, { phone_number: '+15550123' });
    const jwks = (await call(first, '/.well-known/jwks.json')).body;
    await first.close();
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);

    // The same port, so the issuer (and the tokens' iss) is the same.
    const second = await start({ stateFile, port: Number(new URL(first.url).port) });
    try {
      expect((await call(second, '/.well-known/jwks.json')).body).toEqual(jwks);
      expect((await call(second, '/__emulator/outbox?to=keep@example.com')).body.messages[0].code).toBe(code);
      // The opaque access token (no audience, B-TOKEN-11) opens with the saved key.
      expect(login.body.access_token.split('.')).toHaveLength(5);
      const userinfo = await call(second, '/userinfo', { headers: { authorization: `Bearer ${login.body.access_token}` } });
      expect(userinfo.body.sub).toBe(decodeJwt(login.body.id_token).sub);
      const refreshed = await postForm(second, '/oauth/token', { grant_type: 'refresh_token', client_id: NATIVE, refresh_token: login.body.refresh_token });
      expect(refreshed.status).toBe(200);
      expect((await postForm(second, '/oauth/token', otpParams('+15550123', pending))).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('goes on with the seeded streams instead of repeating them (E-STATE-2)', async () => {
    const stateFile = join(dir, 'seeded.json');
    const send = (emu: Awaited<ReturnType<typeof start>>) => sendCode(emu, { email: 'seed@example.com' });
    const a = await start({ seed: 'keep', stateFile });
    const c1 = await send(a);
    await a.close();
    const b = await start({ seed: 'keep', stateFile });
    const c2 = await send(b);
    await b.close();
    const fresh = await start({ seed: 'keep' });
    expect([await send(fresh), await send(fresh)]).toEqual([c1, c2]);
    await fresh.close();
  });

  it('is written shortly after each change, not only on close (E-STATE-3)', async () => {
    const stateFile = join(dir, 'live.json');
    const emu = await start({ stateFile });
    try {
      await postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email', email: 'live@example.com', send: 'code' });
      await eventually(() => expect(JSON.parse(readFileSync(stateFile, 'utf8')).outbox).toHaveLength(1));
    } finally {
      await emu.close();
    }
  });

  it.each([
    ['not JSON', '{', 'not valid JSON ('],
    ['a wrong version', '{"pwless_emulator_state": 2}', 'pwless_emulator_state: must be an integer from 1 to 1, not 2.'],
    [
      'a bad message',
      JSON.stringify({ pwless_emulator_state: 1, keys: [], otps: [], users: [], refresh_tokens: [], outbox: [{ id: 'x' }] }),
      'outbox[0].channel: is required.',
    ],
    [
      'a bad key',
      JSON.stringify({ pwless_emulator_state: 1, keys: ['nope'], otps: [], users: [], refresh_tokens: [], outbox: [] }),
      'keys[0]: is not a PEM private key.',
    ],
  ])('refuses a state file with %s, naming the field (a configuration file error) (E-STATE-4)', async (_what, text, message) => {
    const stateFile = join(dir, 'bad-state.json');
    writeFileSync(stateFile, text);
    const error = await configError({ stateFile });
    expect(error.option).toBe('stateFile');
    expect(error.isConfigFile).toBe(true);
    expect(error.message).toContain(`State file ${stateFile}: ${message}`);
  });

  it('refuses a state file in a directory it cannot write (E-STATE-4)', async () => {
    const error = await configError({ stateFile: join(dir, 'missing-dir', 'state.json') });
    expect(error.message).toBe(`State file ${join(dir, 'missing-dir', 'state.json')}: its directory cannot be written (ENOENT).`);
  });
});
