/**
 * `pwless token verify` for any JWT: against a tenant, a JWKS URL or file with --issuer, as an
 * access token with --audience; never against the token's own word; a nonce nobody knows is
 * "not checked"; each failed check gets the hint of its cause.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSession, runCli, tempHome } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

let emu: EmulatorProcess;
let idToken: string;
let accessToken: string;
beforeAll(async () => {
  emu = await spawnEmulator();
  const run = await runCli([
    'start',
    '--domain',
    emu.url,
    '--client-id',
    'emulator-native',
    '--email',
    'any@example.com',
    '--audience',
    'https://api.example.com',
    '--otp-from',
    'emulator',
    '--json',
    '--no-save',
  ]);
  const doc = JSON.parse(run.stdout);
  idToken = doc.tokens.id_token;
  accessToken = doc.tokens.access_token;
});
afterAll(async () => {
  await emu?.stop();
});

const issuer = () => `${emu.url}/`;

describe('token verify for any JWT', () => {
  it('refuses with nothing to trust, showing the token iss and the command to verify against it', async () => {
    const run = await runCli(['token', 'verify', idToken, '--json']);
    expect(run.code).toBe(3);
    const { error } = JSON.parse(run.stdout);
    expect(error.code).toBe('missing_domain');
    expect(error.hint).toBe(
      `The token says it was issued by ${issuer()}. If that is the tenant you trust, run: pwless token verify --domain ${issuer()} --client-id emulator-native <jwt> (or give --jwks <url|file> and --issuer).`,
    );
  });

  it('never checks a given JWT against the saved tokens of another login, and names a lone --jwks', async () => {
    const { run } = configSession();
    expect((await run(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'saved@example.com', '--otp-from', 'emulator'])).code).toBe(
      0,
    );
    const given = await run(['token', 'verify', idToken, '--json']);
    expect(given.code).toBe(3);
    expect(JSON.parse(given.stdout).error).toMatchObject({
      code: 'missing_domain',
      description: 'Nothing to verify the token against (no --domain and no profile). Its own iss claim is not trusted on its word.',
    });
    const lone = await runCli(['token', 'verify', idToken, '--jwks', `${emu.url}/.well-known/jwks.json`, '--client-id', 'emulator-native', '--json']);
    expect(JSON.parse(lone.stdout).error.description).toBe(
      'Nothing to verify the token against (only --jwks, no --issuer). Its own iss claim is not trusted on its word.',
    );
  });

  it('verifies with --jwks <file> and --issuer, no tenant needed', async () => {
    const file = join(tempHome(), 'jwks.json');
    writeFileSync(file, await (await fetch(`${emu.url}/.well-known/jwks.json`)).text());
    const run = await runCli(['token', 'verify', idToken, '--jwks', file, '--issuer', issuer(), '--client-id', 'emulator-native', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, verified: true, against: { issuer: issuer(), jwks_uri: file } });
  });

  it('verifies with --jwks <url>, and refuses a wrong issuer (exit 8 iss)', async () => {
    const ok = await runCli(['token', 'verify', idToken, '--jwks', `${emu.url}/.well-known/jwks.json`, '--issuer', issuer(), '--client-id', 'emulator-native']);
    expect(ok.code).toBe(0);
    const wrong = await runCli([
      'token',
      'verify',
      idToken,
      '--jwks',
      `${emu.url}/.well-known/jwks.json`,
      '--issuer',
      'https://other.example.com/',
      '--client-id',
      'emulator-native',
      '--json',
    ]);
    expect(wrong.code).toBe(8);
    expect(JSON.parse(wrong.stdout).error.code).toBe('iss');
  });

  it('a bad --jwks file is a usage error naming the flag', async () => {
    const file = join(tempHome(), 'not-keys.json');
    writeFileSync(file, '{"kty":"RSA"}');
    const run = await runCli(['token', 'verify', idToken, '--jwks', file, '--issuer', issuer(), '--client-id', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--jwks ${file}: the file is not a JWK Set`);
  });

  it('checks an access token for an API with --audience, without the ID-token rules', async () => {
    const run = await runCli(['token', 'verify', accessToken, '--domain', emu.url, '--audience', 'https://api.example.com', '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.checks.map((c: { name: string }) => c.name)).toEqual(['signed', 'alg', 'kid', 'signature', 'iss', 'sub', 'aud', 'exp', 'iat']);
    expect(doc.checks.find((c: { name: string }) => c.name === 'aud')).toMatchObject({ ok: true, expected: 'contains https://api.example.com' });
  });

  it('an access token checked as an ID token fails aud with the hint to use --audience', async () => {
    const run = await runCli(['token', 'verify', accessToken, '--domain', emu.url, '--client-id', 'emulator-native', '--json']);
    expect(run.code).toBe(8);
    const { error } = JSON.parse(run.stdout);
    expect(error.code).toBe('aud');
    expect(error.hint).toContain('verify it with --audience "https://api.example.com"');
  });
});

describe('nonce and rotated keys', () => {
  it('reports a nonce nobody knows as not checked, with a warning, and checks one given with --nonce', async () => {
    const { run } = configSession();
    const start = await run([
      'start',
      '--domain',
      emu.url,
      '--client-id',
      'emulator-native',
      '--email',
      'nonce@example.com',
      '--send',
      'link',
      '--otp-from',
      'emulator',
      '--nonce',
      'n-123',
      '--json',
    ]);
    expect(start.code).toBe(0);
    const token = JSON.parse(start.stdout).tokens.id_token as string;
    const adHoc = await runCli(['token', 'verify', token, '--domain', emu.url, '--client-id', 'emulator-native', '--json']);
    expect(adHoc.code).toBe(0);
    const doc = JSON.parse(adHoc.stdout);
    expect(doc.checks.find((c: { name: string }) => c.name === 'nonce')).toMatchObject({ ok: true, checked: false, found: 'n-123' });
    expect(doc.warnings[0]).toContain('the nonce was not checked');
    const human = await runCli(['token', 'verify', token, '--domain', emu.url, '--client-id', 'emulator-native']);
    expect(human.stdout).toMatch(/– nonce +not checked/);
    const wrong = await runCli(['token', 'verify', token, '--domain', emu.url, '--client-id', 'emulator-native', '--nonce', 'other', '--json']);
    expect(wrong.code).toBe(8);
    expect(JSON.parse(wrong.stdout).error.code).toBe('nonce');
    // The login saved its nonce: the saved token is checked against it.
    expect((await run(['token', 'verify'])).code).toBe(0);
  });

  it('a kid no longer in the JWKS fails with the hint that the keys were rotated', async () => {
    const rotating = await spawnEmulator();
    try {
      const login = await runCli([
        'start',
        '--domain',
        rotating.url,
        '--client-id',
        'emulator-native',
        '--email',
        'rot@example.com',
        '--otp-from',
        'emulator',
        '--json',
        '--no-save',
      ]);
      const token = JSON.parse(login.stdout).tokens.id_token as string;
      for (let i = 0; i < 2; i++) expect((await fetch(`${rotating.url}/__emulator/keys/rotate`, { method: 'POST' })).status).toBe(200);
      const run = await runCli(['token', 'verify', token, '--domain', rotating.url, '--client-id', 'emulator-native', '--json']);
      expect(run.code).toBe(8);
      const { error } = JSON.parse(run.stdout);
      expect(error.code).toBe('kid');
      expect(error.hint).toContain('rotated');
    } finally {
      await rotating.stop();
    }
  });
});
