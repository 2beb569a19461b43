/**
 * Trust on real networks, end to end: each failure in its own family (exit code, message, time to
 * fail), secrets that stay with their application, and tokens that are never lost once the code
 * is spent. A real server on loopback stands in front of the real emulator (front-server.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSession, runCli, tempHome } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';
import { html, json, rehomeDiscovery, startFront, type FrontServer, type Handler } from './front-server.ts';

let emu: EmulatorProcess;
beforeAll(async () => {
  emu = await spawnEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

let fronts: FrontServer[] = [];
afterEach(async () => {
  await Promise.all(fronts.map((f) => f.close()));
  fronts = [];
});

async function front(handler: Handler): Promise<FrontServer> {
  const server = await startFront(emu.url, handler);
  fronts.push(server);
  return server;
}

/** Forwards everything, with discovery rewritten so that the front server is a consistent tenant. */
const asTenant =
  (server: () => FrontServer): Handler =>
  async (req, forward) => {
    const answer = await forward();
    return req.path.startsWith('/.well-known/openid-configuration') ? rehomeDiscovery(answer, emu.url, server().url) : answer;
  };

const login = (domain: string, email: string) => ['start', '--domain', domain, '--client-id', 'emulator-native', '--email', email, '--otp-from', 'emulator'];

async function timed<T>(work: Promise<T>): Promise<T & { ms: number }> {
  const started = performance.now();
  const result = await work;
  return { ...result, ms: performance.now() - started };
}

describe('failure families', () => {
  it('an HTML 502 is exit 4 server_error, with the status and the page heading', async () => {
    const server = await front((req, forward) =>
      req.path === '/passwordless/start' ? html(502, '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>') : forward(),
    );
    const run = await timed(runCli([...login(server.url, 'a502@example.com'), '--timeout', '5', '--json']));
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: 'server_error',
      status: 502,
      description: 'POST /passwordless/start answered HTTP 502: Bad Gateway.',
    });
    expect(run.ms).toBeLessThan(7000);
    const human = await runCli(login(server.url, 'b502@example.com'));
    expect(human.code).toBe(4);
    expect(human.stderr).toContain('error: POST /passwordless/start answered HTTP 502: Bad Gateway.');
    expect(human.stderr).not.toContain('tenant answered');
  });

  it('a JSON 503 is exit 4 too, quoting its error', async () => {
    const server = await front((req, forward) =>
      req.path === '/passwordless/start' ? json(503, { error: 'temporarily_unavailable', error_description: 'Down for maintenance' }) : forward(),
    );
    const run = await timed(runCli([...login(server.url, 'a503@example.com'), '--timeout', '5', '--json']));
    expect(run.code).toBe(4);
    expect(run.ms).toBeLessThan(7000);
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: 'server_error',
      status: 503,
      description: 'POST /passwordless/start answered HTTP 503: temporarily_unavailable: Down for maintenance.',
    });
  });

  it('a 200 from /passwordless/start that is not JSON means sent: one warning, and the login goes on', async () => {
    let server: FrontServer | undefined;
    const tenant = asTenant(() => server as FrontServer);
    server = await front(async (req, forward) =>
      req.path === '/passwordless/start' ? { ...(await forward()), headers: { 'content-type': 'text/plain' }, body: 'OK' } : tenant(req, forward),
    );
    const run = await runCli([...login(server.url, 'plain200@example.com'), '--json']);
    // The tokens carry the emulator's issuer, not the front's: that check fails, but the login itself went through.
    const doc = JSON.parse(run.stdout);
    expect(doc.tokens.access_token).toEqual(expect.any(String));
    expect(doc.warnings).toEqual(['POST /passwordless/start answered HTTP 200 with a body that is not JSON (text/plain): OK; taking it as sent.']);
  });

  it('a 429 document carries the rate limit, so a script can back off', async () => {
    const server = await front((req, forward) =>
      req.path === '/passwordless/start'
        ? json(
            429,
            { error: 'too_many_requests', error_description: 'Global limit has been reached' },
            { 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000', 'retry-after': '30' },
          )
        : forward(),
    );
    const run = await runCli([...login(server.url, 'limited@example.com'), '--json']);
    expect(run.code).toBe(7);
    expect(JSON.parse(run.stdout).error.rate_limit).toEqual({ limit: 50, remaining: 0, reset: '2030-01-01T00:00:00.000Z', retry_after: 30 });
  });

  it('a 401 shows no rate-limit headers, which only explain a 429', async () => {
    const server = await front((req, forward) =>
      req.path === '/oauth/token'
        ? json(401, { error: 'access_denied', error_description: 'Unauthorized' }, { 'x-ratelimit-limit': '30', 'x-ratelimit-remaining': '29' })
        : forward(),
    );
    const run = await runCli(login(server.url, 'denied@example.com'));
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('tenant answered: HTTP 401 access_denied');
    expect(run.stderr).not.toContain('x-ratelimit');
  });

  it('mfa_required keeps mfa_requirements in the document, and never the mfa_token', async () => {
    const run = await runCli([...login(emu.url, 'mfa@example.com'), '--json']);
    expect(run.code).toBe(5);
    const doc = JSON.parse(run.stdout);
    expect(doc.error).toMatchObject({ code: 'mfa_required', mfa_requirements: { challenge: [{ type: 'otp' }] } });
    expect(run.stdout).not.toContain('mfa_token');
  });

  it('a wrong code says why and how many tries are left, and a pending login counts its tries', async () => {
    const { run } = configSession();
    expect((await run(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'tries@example.com'])).code).toBe(0);
    const first = await run(['verify', '--otp', '000000', '--json']);
    expect(first.code).toBe(6);
    expect(JSON.parse(first.stdout).error).toMatchObject({ reason: 'wrong', attempts_left: 2 });
    const second = await run(['verify', '--otp', '000001']);
    expect(second.stderr).toContain('attempts left: 1 for this code');
    await run(['verify', '--otp', '000002']);
    const fourth = await run(['verify', '--email', 'tries@example.com', '--otp', '000003', '--json']);
    expect(JSON.parse(fourth.stdout).error).toMatchObject({ reason: 'exhausted', attempts_left: 0 });
  });

  it('an ad hoc verify knows the reason but not the tries, and says none', async () => {
    await runCli(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'adhoc@example.com']);
    const run = await runCli(['verify', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'adhoc@example.com', '--otp', '000000', '--json']);
    expect(run.code).toBe(6);
    const { error } = JSON.parse(run.stdout);
    expect(error.reason).toBe('wrong');
    expect(error).not.toHaveProperty('attempts_left');
  });

  it('a link for no pending login is refused by pwless itself, never shown as a tenant answer', async () => {
    const link = `${emu.url}/passwordless/verify_redirect?client_id=emulator-native&connection=email&email=gone%40example.com&verification_code=123456`;
    const run = await runCli(['verify', '--link', link]);
    expect(run.code).toBe(6);
    expect(run.stderr).toContain('no magic-link login is pending for it here');
    expect(run.stderr).not.toContain('tenant answered');
    const doc = JSON.parse((await runCli(['verify', '--link', link, '--json'])).stdout);
    expect(doc.error).toMatchObject({ code: 'unknown_link', status: null });
  });
});

describe('discovery and nothing lost once the code is spent', () => {
  it('a discovery document naming another issuer fails exit 8 issuer_mismatch, and the tokens are kept', async () => {
    // Forwarded as is: the document names the emulator's issuer, not the server that was asked.
    const server = await front((_req, forward) => forward());
    const { run } = configSession();
    const result = await timed(run([...login(server.url, 'mismatch@example.com'), '--timeout', '5', '--json']));
    expect(result.code).toBe(8);
    expect(result.ms).toBeLessThan(7000);
    const doc = JSON.parse(result.stdout);
    expect(doc.error).toMatchObject({
      code: 'issuer_mismatch',
      description: `The discovery document names the issuer "${emu.url}/", not "${server.url}/", the tenant that was asked.`,
    });
    expect(doc.tokens.access_token).toEqual(expect.any(String));
    expect(doc.saved).toBe(true);
    const saved = await run(['token', '--json']);
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ ok: true });
  });

  it('a JWKS that fails after the exchange exits 4, says the tokens were kept, and keeps them', async () => {
    let server: FrontServer | undefined;
    const tenant = asTenant(() => server as FrontServer);
    server = await front((req, forward) => (req.path === '/.well-known/jwks.json' ? html(500, '<h1>Internal error</h1>') : tenant(req, forward)));
    const { run } = configSession();
    const result = await run(login(server.url, 'nojwks@example.com'));
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('the tokens are shown below and were saved for `pwless token`');
    expect(result.stdout).toContain('access_token');
    expect((await run(['token', '--raw', 'access_token'])).stdout.trim()).toMatch(/^eyJ/);
  });
});

describe('a secret stays with its application', () => {
  async function withProdProfile() {
    const session = configSession();
    const secretFile = join(tempHome(), 'secret');
    writeFileSync(secretFile, 'prod-secret-do-not-leak\n');
    const added = await session.run([
      'profile',
      'add',
      'prod',
      '--domain',
      emu.url,
      '--client-id',
      'emulator-web',
      '--client-secret-file',
      secretFile,
      '--default',
    ]);
    expect(added.code).toBe(0);
    return session;
  }

  it('is not sent to another server, and one line says so', async () => {
    const { run } = await withProdProfile();
    const other = await front((_req, forward) => forward());
    const result = await run(['start', '-v', '--domain', other.url, '--client-id', 'some-other-app', '--email', 'x@example.com', '--no-wait']);
    const start = other.seen.find((r) => r.path === '/passwordless/start');
    expect(start?.body).toBeDefined();
    expect(start?.body).not.toContain('client_secret');
    expect(start?.body).not.toContain('prod-secret');
    expect(result.stderr).toContain(
      `warning: Not using the client secret and application type of profile prod: the target in force (--domain ${other.url}, --client-id some-other-app) is not the profile's application.`,
    );
    expect(result.stderr).not.toContain('prod-secret-do-not-leak');
  });

  it('does not turn a native login into a confidential one (no invalid_client)', async () => {
    const { run } = await withProdProfile();
    const result = await run(['start', '--client-id', 'emulator-native', '--email', 'native@example.com', '--otp-from', 'emulator']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "Not using the client secret and application type of profile prod: the target in force (--client-id emulator-native) is not the profile's application.",
    );
  });

  it('a profile secret reference does not fail an unrelated login when its variable is unset', async () => {
    const { run } = configSession();
    await run(['profile', 'add', 'ref', '--domain', emu.url, '--client-id', 'emulator-web', '--secret-ref', 'env:UNSET_SECRET_VAR', '--default']);
    const result = await run(['start', '--client-id', 'emulator-native', '--email', 'ref@example.com', '--otp-from', 'emulator']);
    expect(result.code).toBe(0);
  });

  it('PWLESS_CLIENT_SECRET applies to whatever target is in force', async () => {
    const { run } = configSession();
    await run(['profile', 'add', 'native', '--domain', emu.url, '--client-id', 'emulator-native', '--default']);
    const result = await run(['start', '--client-id', 'emulator-web', '--email', 'envsecret@example.com', '--otp-from', 'emulator'], {
      env: { PWLESS_CLIENT_SECRET: 'emulator-web-secret' },
    });
    expect(result.code).toBe(0);
  });

  it('tokens of another target are not saved as the profile’s', async () => {
    const { run } = await withProdProfile();
    expect((await run(['start', '--client-id', 'emulator-native', '--email', 'notprod@example.com', '--otp-from', 'emulator'])).code).toBe(0);
    const prodTokens = await run(['token', '--profile', 'prod', '--json']);
    expect(prodTokens.code).toBe(3);
    expect(JSON.parse(prodTokens.stdout).error.code).toBe('no_saved_tokens');
  });

  it('--client-secret-file goes with the target in force, also another one than the profile', async () => {
    const { run } = configSession();
    await run(['profile', 'add', 'native', '--domain', emu.url, '--client-id', 'emulator-native', '--default']);
    const file = join(tempHome(), 'web-secret');
    writeFileSync(file, 'emulator-web-secret\n');
    const result = await run(['start', '--client-id', 'emulator-web', '--email', 'file@example.com', '--otp-from', 'emulator', '--client-secret-file', file]);
    expect(result.code).toBe(0);
  });

  it("a pending login of another application is finished without the profile's secret", async () => {
    const { run } = await withProdProfile();
    expect((await run(['start', '--client-id', 'emulator-native', '--email', 'pending-other@example.com', '--no-wait'])).code).toBe(0);
    const code = (await outbox(emu.url, 'pending-other@example.com'))[0]?.code as string;
    // Sent to the public client, the profile's secret would be refused (invalid_client): it is not sent.
    const verify = await run(['verify', '--otp', code]);
    expect(verify.code).toBe(0);
    expect(verify.stderr).toContain("the target in force (the pending login's client id emulator-native) is not the profile's application");
  });

  it("token refresh does not send a profile's secret for a saved set of another tenant", async () => {
    const { run } = configSession();
    const realSecret = join(tempHome(), 'web-secret');
    writeFileSync(realSecret, 'emulator-web-secret\n');
    expect(
      (await run(['profile', 'add', 'prod', '--domain', emu.url, '--client-id', 'emulator-web', '--client-secret-file', realSecret, '--default'])).code,
    ).toBe(0);
    expect((await run(['start', '--email', 'refresh-web@example.com', '--otp-from', 'emulator', '--scope', 'openid offline_access'])).code).toBe(0);
    // The profile now names another tenant; its saved set is still the old tenant's.
    const elsewhere = await front((_req, forward) => forward());
    const secretFile = join(tempHome(), 'secret2');
    writeFileSync(secretFile, 'prod-secret-do-not-leak\n');
    expect(
      (
        await run([
          'profile',
          'add',
          'prod',
          '--force',
          '--domain',
          elsewhere.url,
          '--client-id',
          'emulator-web',
          '--client-secret-file',
          secretFile,
          '--default',
        ])
      ).code,
    ).toBe(0);
    const refresh = await run(['token', 'refresh', '-v']);
    expect(refresh.stderr).toContain(
      `Not using the client secret of profile prod: the saved tokens are for ${emu.url}, client emulator-web, not the profile's application.`,
    );
    expect(refresh.stderr).toContain('> POST ');
    expect(refresh.stderr).not.toContain('client_secret');
    expect(refresh.code).toBe(5);
  });

  it('pwless config resolves --domain and --client-id exactly as the commands do', async () => {
    const { run } = await withProdProfile();
    const own = JSON.parse((await run(['config', '--json'])).stdout);
    expect(own.settings.clientSecret).toMatchObject({ source: 'profile' });
    const other = JSON.parse((await run(['config', '--client-id', 'emulator-native', '--json'])).stdout);
    expect(other.settings.clientId).toMatchObject({ value: 'emulator-native', source: 'flag' });
    expect(other.settings.clientSecret).toBeNull();
    expect(other.note).toContain('Not using the client secret');
  });
});
