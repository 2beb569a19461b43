/**
 * The built binary against a real, certified OpenID Provider: panva's oidc-provider serving
 * Auth0's passwordless paths (test/helpers/oidc-provider-op.ts), whose issuer is
 * `http://127.0.0.1:<port>` with no trailing slash. A user found pwless refusing it (exit 8
 * issuer_mismatch, after the tokens came); discovery now compares the issuer after URL
 * normalisation, as openid-client does (src/core/discovery.ts), while the ID token's `iss` must
 * still equal the discovered string exactly (OpenID Connect Core §3.1.3.7 step 2). A server whose
 * issuer names another port or a path is still refused (OpenID Connect Discovery §4.3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSession, runCli } from './cli.ts';
import { startOidcProviderOp, WRONG_CODE, type OidcProviderOp } from '../helpers/oidc-provider-op.ts';

let op: OidcProviderOp;
beforeAll(async () => {
  op = await startOidcProviderOp();
});
afterAll(async () => {
  await op?.stop();
});

/** `pwless start` by email with the code the OP wrote, never prompting. */
function startArgs(target: OidcProviderOp, email: string, ...more: string[]): string[] {
  return ['start', '--domain', target.url, '--client-id', target.clients.native, '--email', email, '--otp-from', target.otpFrom, '--no-input', ...more];
}

/**
 * A whole login, not saved; its `--json` document. Only the exchange must have worked: the tokens
 * come whatever their verification says, so the tests of `token verify` stand on their own.
 */
async function login(target: OidcProviderOp, email: string): Promise<any> {
  const run = await runCli(startArgs(target, email, '--json', '--no-save'));
  const doc = JSON.parse(run.stdout);
  expect(doc.tokens?.id_token, run.stderr).toEqual(expect.any(String));
  return doc;
}

describe('pwless against oidc-provider, issuer without the trailing slash', () => {
  it('start logs in and says the ID token was verified against the discovered issuer', async () => {
    const run = await runCli(startArgs(op, 'human@example.com'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('✓ Sent a code by email to human@example.com (POST /passwordless/start; client op-native, connection email).');
    expect(run.stderr).toContain('✓ Read the code from the command.');
    expect(run.stderr).toContain('✓ Exchanged the code for tokens (POST /oauth/token, passwordless OTP grant).');
    expect(run.stderr).toContain(`✓ Checked the ID token against the tenant's keys (${op.url}/.well-known/jwks.json).`);
    expect(run.stdout).toContain(`✓ ID token verified (RS256, kid ${op.jwk.kid})`);
    // The issuer as oidc-provider writes it, expected and found alike: no trailing slash added.
    expect(run.stdout).toMatch(new RegExp(`✓ iss +${op.url} +${op.url}\\n`));
    expect(run.stdout).toMatch(/✓ aud +contains op-native +op-native\n/);
    expect(run.stdout).toMatch(/email +human@example\.com\n/);
  });

  it('start --json: every check passed, claims as oidc-provider signed them', async () => {
    const run = await runCli(startArgs(op, 'json@example.com', '--json', '--no-save'));
    expect(run.code, run.stdout).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.tokens).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'openid email' });
    expect(doc.claims.id_token).toMatchObject({ iss: op.url, aud: 'op-native', email: 'json@example.com', email_verified: true });
    expect(doc.claims.id_token.sub).toMatch(/^email\|[0-9a-f]{24}$/);
    expect(doc.verification.ok).toBe(true);
    const checks = doc.verification.checks as { name: string; ok: boolean }[];
    expect(checks.map((c) => c.name)).toEqual(['signed', 'alg', 'kid', 'signature', 'iss', 'sub', 'aud', 'exp', 'iat']);
    expect(checks.every((c) => c.ok)).toBe(true);
  });

  it('token verify accepts its ID token for its client, with --domain written with or without the slash', async () => {
    const { tokens } = await login(op, 'verify@example.com');
    for (const domain of [op.url, `${op.url}/`]) {
      const run = await runCli(['token', 'verify', tokens.id_token, '--domain', domain, '--client-id', op.clients.native, '--json']);
      expect(run.code, run.stdout).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, verified: true, against: { issuer: op.url, jwks_uri: `${op.url}/.well-known/jwks.json` } });
    }
  });

  it('token verify refuses it for the other client (exit 8 aud)', async () => {
    const { tokens } = await login(op, 'aud@example.com');
    const run = await runCli(['token', 'verify', tokens.id_token, '--domain', op.url, '--client-id', op.clients.other, '--json']);
    expect(run.code).toBe(8);
    const doc = JSON.parse(run.stdout);
    expect(doc.error.code).toBe('aud');
    expect(doc.checks.find((c: { name: string }) => c.name === 'iss')).toMatchObject({ ok: true });
    expect(doc.checks.find((c: { name: string }) => c.name === 'aud')).toMatchObject({ ok: false, expected: 'contains op-other' });
  });

  it('token userinfo reads the saved set at oidc-provider /userinfo, which agrees with the ID token', async () => {
    const { run } = configSession();
    const start = await run(startArgs(op, 'userinfo@example.com'));
    expect(start.code, start.stderr).toBe(0);
    const human = await run(['token', 'userinfo']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/= email +userinfo@example\.com\n/);
    expect(human.stdout).toContain('✓ /userinfo and the ID token agree on every claim they share.');
    const json = await run(['token', 'userinfo', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      userinfo: { sub: expect.stringMatching(/^email\|/), email: 'userinfo@example.com', email_verified: true },
      agrees_with_id_token: true,
    });
  });

  it("a wrong code exits 6 invalid_grant with Auth0's description, sent by oidc-provider's InvalidGrant", async () => {
    const args = ['start', '--domain', op.url, '--client-id', op.clients.native, '--email', 'wrong@example.com', '--otp', '000000', '--no-input'];
    const human = await runCli(args);
    expect(human.code).toBe(6);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain(`error: ${WRONG_CODE}`);
    expect(human.stderr).toContain('tenant answered: HTTP 400 invalid_grant');
    const json = await runCli([...args, '--json']);
    expect(json.code).toBe(6);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'invalid_grant', status: 400, description: WRONG_CODE, reason: 'wrong' });
  });
});

describe('a real mix-up is still refused (exit 8 issuer_mismatch)', () => {
  let twin: OidcProviderOp;
  let pathIssuer: OidcProviderOp;
  beforeAll(async () => {
    // The same provider, keys and issuer copied to another port: its discovery names the first one.
    twin = await startOidcProviderOp({ issuer: () => op.url, jwk: op.jwk });
    // An issuer with a path, served at the root of its origin.
    pathIssuer = await startOidcProviderOp({ issuer: (origin) => `${origin}/tenant` });
  });
  afterAll(async () => {
    await twin?.stop();
    await pathIssuer?.stop();
  });

  it("token verify against a server whose issuer names another port, even with the right keys and the token's iss", async () => {
    const { tokens } = await login(op, 'mixup@example.com');
    const run = await runCli(['token', 'verify', tokens.id_token, '--domain', twin.url, '--client-id', op.clients.native, '--json']);
    expect(run.code).toBe(8);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: 'issuer_mismatch',
      description: `The discovery document names the issuer ${JSON.stringify(op.url)}, not ${JSON.stringify(`${twin.url}/`)}, the tenant that was asked.`,
    });
  });

  it('start, then token verify, against a server whose issuer has a path', async () => {
    const run = await runCli(startArgs(pathIssuer, 'path@example.com', '--json', '--no-save'));
    // The code was spent and the tokens came: they are shown, and the run fails on the issuer.
    expect(run.code).toBe(8);
    const doc = JSON.parse(run.stdout);
    expect(doc.error.code).toBe('issuer_mismatch');
    const [, payload] = (doc.tokens.id_token as string).split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString()).iss).toBe(pathIssuer.issuer);
    const verify = await runCli(['token', 'verify', doc.tokens.id_token, '--domain', pathIssuer.url, '--client-id', pathIssuer.clients.native, '--json']);
    expect(verify.code).toBe(8);
    expect(JSON.parse(verify.stdout).error).toMatchObject({
      code: 'issuer_mismatch',
      description: `The discovery document names the issuer ${JSON.stringify(`${pathIssuer.url}/tenant`)}, not ${JSON.stringify(`${pathIssuer.url}/`)}, the tenant that was asked.`,
    });
  });
});
