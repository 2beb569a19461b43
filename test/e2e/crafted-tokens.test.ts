/**
 * Crafted tokens and answers against the real binary (issue 22, item 5): a claim nested 20,000
 * deep, times no Date can hold, a lifetime of 1e400. Each ends in an answer — a refusal, a failed
 * check (exit 8) or a view — never a stack trace or "This is a bug in pwless", and with --json
 * stdout is always exactly one JSON document. A login whose ID token pwless cannot read still
 * leaves a saved set that `pwless token` shows.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJsonApi, type JsonApiServer } from '../helpers/json-api-server.ts';
import { configSession, runCli, tempHome, type CliRun } from './cli.ts';
import { spawnEmulatorWithTenant, type EmulatorProcess } from './emulator-process.ts';

const ISSUER = 'https://crafted.example.com/';
const CLIENT = 'crafted-client';
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const HEADER = b64('{"alg":"RS256","kid":"k"}');
const unsigned = (payload: string) => `${HEADER}.${b64(payload)}.c2ln`;
const DEEP = `{"sub":"s","a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;

/** The one JSON document of a --json run: the whole of stdout must parse as one value. */
function oneDocument(run: CliRun): { ok: boolean; error?: { code: string; description: string; hint: string | null }; [member: string]: unknown } {
  expect(run.stdout.trim()).not.toBe('');
  return JSON.parse(run.stdout);
}

/** No stack trace and no bug report, whatever the outcome. */
function noCrash(run: CliRun): void {
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toContain('This is a bug in pwless');
  expect(run.stdout).not.toContain('internal_error');
}

let privateKey: CryptoKey;
let jwksFile: string;
beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  jwksFile = join(tempHome(), 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k', alg: 'RS256', use: 'sig' }] }));
});

function signed(claims: Record<string, unknown>): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISSUER, sub: 'email|crafted', aud: CLIENT, iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k' })
    .sign(privateKey);
}

describe('token decode of a crafted token', () => {
  it('a claim nested 20,000 deep is refused in one line (exit 2), and with --json in one document', async () => {
    const human = await runCli(['token', 'decode', unsigned(DEEP)]);
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr).toBe("error: The JWT given as the argument's payload nests arrays and objects deeper than 64 levels, more than pwless reads.\n");
    const json = await runCli(['token', 'decode', unsigned(DEEP), '--json']);
    expect(json.code).toBe(2);
    expect(oneDocument(json).error).toMatchObject({ code: 'invalid_jwt' });
    noCrash(json);
  });

  it.each(['exp', 'iat', 'auth_time'])('%s of 1e20 is shown as the number it is, not a date', async (name) => {
    const token = unsigned(`{"sub":"s","${name}":1e20}`);
    const human = await runCli(['token', 'decode', token]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`\n    ${name}  100000000000000000000: beyond ±8640000000000 s, the range of dates\n`);
    noCrash(human);
    const json = await runCli(['token', 'decode', token, '--json']);
    expect(json.code).toBe(0);
    expect(oneDocument(json)).toMatchObject({ ok: true, claims: { [name]: 1e20 } });
  });

  it('a number that overflows a double (1e400) is refused: it could not be shown as it was written', async () => {
    const json = await runCli(['token', 'decode', unsigned('{"sub":"s","exp":1e400}'), '--json']);
    expect(json.code).toBe(2);
    expect(oneDocument(json).error?.description).toContain('holds a number too large for a double');
  });
});

describe('token verify of a validly signed crafted token', () => {
  it.each([
    ['exp', { exp: 1e20 }, []],
    ['iat', { iat: 1e20 }, []],
    ['auth_time', { auth_time: 1e20 }, ['--max-age', '300']],
  ])('%s of 1e20 is a failed check (exit 8) naming the claim, never internal_error', async (name, claims, flags) => {
    const args = ['token', 'verify', await signed(claims), '--jwks', jwksFile, '--issuer', ISSUER, '--client-id', CLIENT, ...flags];
    const json = await runCli([...args, '--json']);
    expect(json.code).toBe(8);
    const doc = oneDocument(json);
    expect(doc.error).toMatchObject({ code: name });
    expect(doc.error?.hint).toContain(`The token's ${name} is 100000000000000000000, a number no date can be`);
    noCrash(json);
    const human = await runCli(args);
    expect(human.code).toBe(8);
    expect(human.stdout).toContain('100000000000000000000: beyond ±8640000000000 s, the range of dates');
    noCrash(human);
  });
});

describe('a tenant that answers expires_in 1e400', () => {
  let tenant: JsonApiServer;
  beforeAll(async () => {
    tenant = await startJsonApi((req) =>
      req.url.pathname === '/oauth/token'
        ? { status: 200, text: '{"access_token":"at-crafted","token_type":"Bearer","expires_in":1e400}' }
        : { status: 404, json: { error: 'not_found' } },
    );
  });
  afterAll(() => tenant?.close());

  it('is refused as a malformed answer (exit 4) and nothing is saved that `pwless token` would then call unreadable', async () => {
    const { run } = configSession();
    const verify = await run(['verify', '--domain', tenant.url, '--client-id', CLIENT, '--email', 'a@example.com', '--otp', '123456', '--json']);
    expect(verify.code).toBe(4);
    expect(oneDocument(verify).error).toMatchObject({
      code: 'invalid_response',
      description: 'The token response is malformed: "expires_in" must be a number of seconds above 0 and at most 315360000 (10 years).',
    });
    const token = await run(['token', '--json']);
    expect(token.code).toBe(3);
    expect(oneDocument(token).error?.code).toBe('no_saved_tokens');
  });
});

describe('a saved set pwless cannot show', () => {
  it.each([
    ['an ID token that is no string', { access_token: 'at', token_type: 'Bearer', expires_in: 3600, id_token: 5 }],
    ['expires_in null, what JSON made of 1e400 before it was refused', { access_token: 'at', token_type: 'Bearer', expires_in: null }],
  ])('%s: reported with `token clear` as the fix (exit 3), never a crash', async (_what, tokens) => {
    const { run, file } = configSession();
    expect((await run(['profile', 'add', 'crafted', '--domain', 'crafted.example.com', '--client-id', CLIENT])).code).toBe(0);
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.tokens = {
      'profile:crafted': {
        obtained_at: new Date().toISOString(),
        domain: 'https://crafted.example.com',
        client_id: CLIENT,
        profile: 'crafted',
        tokens,
      },
    };
    writeFileSync(file, JSON.stringify(config));
    const json = await run(['token', '-p', 'crafted', '--json']);
    expect(json.code).toBe(3);
    expect(oneDocument(json).error).toMatchObject({
      code: 'invalid_saved_tokens',
      hint: 'Forget them with `pwless token clear --profile crafted`, then log in again.',
    });
    const human = await run(['token', '-p', 'crafted']);
    expect(human.code).toBe(3);
    noCrash(human);
  });
});

describe('a validly signed ID token nested deeper than pwless reads, from a login', () => {
  let emu: EmulatorProcess;
  beforeAll(async () => {
    emu = await spawnEmulatorWithTenant({
      clients: [{ client_id: 'app', app_type: 'native', grant_types: ['http://auth0.com/oauth/grant-type/passwordless/otp'] }],
      connections: [{ name: 'email', strategy: 'email', enabled_clients: ['app'] }],
      users: [{ email: 'deep@example.com', claims: { deep: JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) } }],
    });
  });
  afterAll(() => emu?.stop());

  it('is saved, and `pwless token` shows the set (human and --json) instead of crashing until `token clear`', async () => {
    const { run } = configSession();
    const login = await run(['start', '--domain', emu.url, '--client-id', 'app', '--email', 'deep@example.com', '--otp-from', 'emulator', '--json']);
    expect(login.code).toBe(2);
    expect(oneDocument(login)).toMatchObject({ ok: false, error: { code: 'invalid_jwt' }, saved: true });
    noCrash(login);
    const json = await run(['token', '--json']);
    expect(json.code).toBe(0);
    expect(oneDocument(json)).toMatchObject({ ok: true, decoded: { id_token: { format: 'opaque' } } });
    const human = await run(['token']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('not a readable JWT: `pwless token decode` says why');
    noCrash(human);
    const decode = await run(['token', 'decode']);
    expect(decode.code).toBe(2);
    expect(decode.stderr).toContain(
      `\nerror: The saved ID token of app on ${emu.url}'s payload nests arrays and objects deeper than 64 levels, more than pwless reads.\n`,
    );
    noCrash(decode);
  });
});
