/**
 * Secrets on their way out, on the real binary (issue 22, item 3; docs/security.md "Every secret
 * pwless knows is masked wherever it appears"):
 * - a tenant answer that echoes the request shows none of the secrets pwless sent, however the
 *   echo spells them: not on stderr, not in -v, not in the --json description, not in the HAR file,
 *   while the tokens the user asks for are still printed whole.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSession, runCli, tempHome } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

/** A client secret an echo spells differently: form-encoded, percent-encoded and JSON-escaped forms all differ from it. */
const SECRET = 'web/s3cret+with "quotes" & spaces';
const OTP_GRANT = 'http://auth0.com/oauth/grant-type/passwordless/otp';

let emu: EmulatorProcess;
beforeAll(async () => {
  const tenant = join(tempHome(), 'tenant.json');
  writeFileSync(
    tenant,
    JSON.stringify({
      clients: [
        { client_id: 'app', app_type: 'native', grant_types: [OTP_GRANT, 'refresh_token'] },
        { client_id: 'web', app_type: 'regular_web', client_secret: SECRET, grant_types: [OTP_GRANT, 'refresh_token'] },
      ],
      connections: [{ name: 'email', strategy: 'email', enabled_clients: ['app', 'web'] }],
    }),
  );
  emu = await spawnEmulator(['--tenant', tenant]);
});
afterAll(() => emu?.stop());

async function fault(spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(res.ok).toBe(true);
}

/** Every spelling of a value an echo could use. */
function spellings(value: string): string[] {
  return [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), JSON.stringify(value).slice(1, -1)];
}

function expectNone(text: string, values: string[]): void {
  for (const value of values) for (const spelt of spellings(value)) expect(text).not.toContain(spelt);
}

describe('a tenant answer that echoes the request (issue 22, item 3)', () => {
  const OTP = '246810';
  const echo = `echo: grant_type=x&client_secret=${new URLSearchParams({ s: SECRET }).toString().slice(2)}&otp=${OTP}, raw ${SECRET}, ${JSON.stringify(SECRET)}`;
  const verify = (extra: string[]) =>
    runCli(['verify', '--domain', emu.url, '--client-id', 'web', '--email', 'echo@example.com', '--otp', OTP, ...extra], {
      env: { PWLESS_CLIENT_SECRET: SECRET },
    });

  it.each([
    ['stderr', []],
    ['-v', ['-v']],
  ])('shows none of the client secret and the code on %s', async (_where, flags) => {
    await fault({ endpoint: '/oauth/token', count: 1, status: 400, body: { error: 'invalid_request', error_description: echo } });
    const run = await verify(flags);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('error: echo: grant_type=x&client_secret=••••aces&otp=••••, raw ••••aces, "••••aces"');
    expectNone(run.stderr + run.stdout, [SECRET, OTP]);
  });

  it('shows none of them in the --json description, nor in the --trace-file', async () => {
    await fault({ endpoint: '/oauth/token', count: 1, status: 400, body: { error: 'invalid_request', error_description: echo } });
    const har = join(tempHome(), 'echo.har');
    const run = await verify(['--json', '--trace-file', har]);
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout).error.description).toBe('echo: grant_type=x&client_secret=••••aces&otp=••••, raw ••••aces, "••••aces"');
    const trace = readFileSync(har, 'utf8');
    expect(JSON.parse(trace).log.entries).toHaveLength(1);
    expectNone(run.stdout + run.stderr + trace, [SECRET, OTP]);
  });

  it('a 502 page that repeats the refresh token shows it masked; the token itself is still printed where asked', async () => {
    const { run } = configSession();
    const login = await run([
      'start',
      '--domain',
      emu.url,
      '--client-id',
      'app',
      '--email',
      'rt@example.com',
      '--otp-from',
      'emulator',
      '--scope',
      'openid offline_access',
      '--json',
    ]);
    expect(login.code).toBe(0);
    const refreshToken = JSON.parse(login.stdout).tokens.refresh_token as string;
    const body = { error: 'server_error', error_description: `upstream said: refresh_token=${refreshToken}` };
    await fault({ endpoint: '/oauth/token', count: 2, status: 502, body });
    const human = await run(['token', 'refresh', '-v']);
    expect(human.code).toBe(4);
    const json = await run(['token', 'refresh', '--json']);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout).error.description).toBe(
      `POST /oauth/token answered HTTP 502: server_error: upstream said: refresh_token=••••${refreshToken.slice(-4)}.`,
    );
    expectNone(human.stdout + human.stderr + json.stdout + json.stderr, [refreshToken]);
    // Asked for, it is printed whole: --raw, --show-tokens and the tokens of --json.
    expect((await run(['token', '--raw', 'refresh_token'])).stdout).toBe(`${refreshToken}\n`);
    expect((await run(['token', '--show-tokens'])).stdout).toContain(refreshToken);
    expect(JSON.parse((await run(['token', '--json'])).stdout).tokens.refresh_token).toBe(refreshToken);
  });
});
