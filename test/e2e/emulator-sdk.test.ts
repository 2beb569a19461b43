// The official Auth0 Node SDK (npm `auth0`, its AuthenticationClient from `auth0/legacy`) logs in
// against `pwless emulator` over HTTPS: passwordless.sendEmail/loginWithEmail and sendSMS/
// loginWithSMS, with the SDK's own ID-token validation (JWKS over https, iss https://<domain>/),
// and its AuthApiError for a wrong code and for mfa_required. The SDK runs in a child process
// because NODE_EXTRA_CA_CERTS, which makes it trust the throwaway certificate, is read only at
// process start.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../helpers/certificates.ts';
import { cleanEnv } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const tls = selfSignedCertificate();
const { cert, key } = tls;
let emu: EmulatorProcess;

beforeAll(async () => {
  tls.create();
  emu = await spawnEmulator(['--tls-cert', cert, '--tls-key', key]);
});
afterAll(async () => {
  await emu?.stop();
  tls.remove();
});

/** What the child process does with the SDK; it prints one JSON document. */
const SDK_SCRIPT = `
import { AuthApiError, AuthenticationClient } from 'auth0/legacy';
const domain = process.env.EMU_DOMAIN;
const auth = new AuthenticationClient({ domain, clientId: 'emulator-web', clientSecret: 'emulator-web-secret', timeoutDuration: 10000 });
const codeFor = async (to) => {
  const url = 'https://' + domain + '/__emulator/outbox/wait?timeout_ms=5000&to=' + encodeURIComponent(to);
  const res = await fetch(url, { signal: AbortSignal.timeout(10000) });
  return (await res.json()).messages[0].code;
};
const failure = async (run) => {
  try { await run(); return 'no error'; } catch (e) {
    return { class: e.constructor.name, isAuthApiError: e instanceof AuthApiError, error: e.error, error_description: e.error_description, statusCode: e.statusCode, body: JSON.parse(e.body ?? 'null') };
  }
};
const out = {};
await auth.passwordless.sendEmail({ email: 'sdk@example.com', send: 'code' });
const email = await auth.passwordless.loginWithEmail({ email: 'sdk@example.com', code: await codeFor('sdk@example.com'), scope: 'openid profile email offline_access' });
out.email = { status: email.status, keys: Object.keys(email.data), scope: email.data.scope, claims: JSON.parse(Buffer.from(email.data.id_token.split('.')[1], 'base64url')) };
out.wrongCode = await failure(() => auth.passwordless.loginWithEmail({ email: 'sdk@example.com', code: '000000' }));
await auth.passwordless.sendSMS({ phone_number: '+15550142', send: 'code' });
const sms = await auth.passwordless.loginWithSMS({ phone_number: '+15550142', code: await codeFor('+15550142'), scope: 'openid' });
out.sms = { status: sms.status, sub: JSON.parse(Buffer.from(sms.data.id_token.split('.')[1], 'base64url')).sub };
await auth.passwordless.sendEmail({ email: 'mfa@example.com', send: 'code' });
const mfaCode = await codeFor('mfa@example.com');
out.mfa = await failure(() => auth.passwordless.loginWithEmail({ email: 'mfa@example.com', code: mfaCode }));
console.log(JSON.stringify(out));
`;

function runSdk(domain: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', SDK_SCRIPT],
      {
        cwd: ROOT,
        env: cleanEnv({ EMU_DOMAIN: domain, NODE_EXTRA_CA_CERTS: cert }),
        timeout: 25_000,
      },
      (error, stdout, stderr) => done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}

describe('the official Auth0 Node SDK against the emulator over HTTPS', () => {
  it('logs in by email and SMS, validates the ID tokens, and gets AuthApiError for a wrong code and for MFA (E-TLS-3, B-TOKEN-ERR-1, B-TOKEN-ERR-10)', async () => {
    expect(emu.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const run = await runSdk(new URL(emu.url).host);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.email).toMatchObject({
      status: 200,
      keys: ['access_token', 'refresh_token', 'id_token', 'scope', 'expires_in', 'token_type'],
      scope: 'openid profile email offline_access',
      claims: { iss: `${emu.url}/`, aud: 'emulator-web', email: 'sdk@example.com', email_verified: true, sub: expect.stringMatching(/^email\|/) },
    });
    expect(out.wrongCode).toEqual({
      class: 'AuthApiError',
      isAuthApiError: true,
      error: 'invalid_grant',
      error_description: 'Wrong email or verification code.',
      statusCode: 403,
      body: { error: 'invalid_grant', error_description: 'Wrong email or verification code.' },
    });
    expect(out.sms).toEqual({ status: 200, sub: expect.stringMatching(/^sms\|[0-9a-f]{24}$/) });
    expect(out.mfa).toMatchObject({
      class: 'AuthApiError',
      error: 'mfa_required',
      error_description: 'Multifactor authentication required',
      statusCode: 403,
      body: { mfa_token: expect.any(String), mfa_requirements: { challenge: [{ type: 'otp' }] } },
    });
  });
});
