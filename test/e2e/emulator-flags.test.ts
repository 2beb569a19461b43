// The flags of `pwless emulator` added for tenants, limits, the clock, faults, state and TLS, run
// as the real binary: what --help lists, the exit codes of bad files (3) and bad values (2), and
// what a client sees from each flag.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('pwless-flags-');

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function withEmulator<T>(args: string[], use: (emu: EmulatorProcess) => Promise<T>): Promise<T> {
  const emu = await spawnEmulator(args);
  try {
    return await use(emu);
  } finally {
    await emu.stop();
  }
}

const startBody = (email: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ client_id: 'emulator-native', connection: 'email', email, send: 'code' }),
  signal: AbortSignal.timeout(5000),
});

describe('pwless emulator --help', () => {
  it('lists every flag (E-RUN-1)', async () => {
    const help = await runCli(['emulator', '--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--tenant <file>',
      '--clock <iso>',
      '--state-file <file>',
      '--no-limits',
      '--start-limit <per-hour>',
      '--token-limit <per-second>',
      '--brute-force-threshold <failures>',
      '--outbox-per-recipient <n>',
      '--outbox-total <n>',
      '--fault <json>',
      '--tls-cert <pem>',
      '--tls-key <pem>',
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });
});

describe('configuration files: exit 3', () => {
  it('a bad --tenant file, naming the file and the field (E-RUN-1, E-TENANT-2)', async () => {
    const bad = file('bad-tenant.json', { clients: [{ client_id: 'x', app_type: 'desktop', grant_types: [] }], connections: [] });
    const run = await runCli(['emulator', '--port', '0', '--tenant', bad]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`Tenant file ${bad}: clients[0].app_type: must be one of native, spa, regular_web, non_interactive`);
    expect(run.stdout).toBe('');
  });

  it('a --tenant file that is not JSON, and a state file that is corrupt (E-RUN-1, E-TENANT-2, E-STATE-4)', async () => {
    expect((await runCli(['emulator', '--port', '0', '--tenant', file('t.json', '{')])).code).toBe(3);
    const state = file('state.json', '{"pwless_emulator_state": 9}');
    const run = await runCli(['emulator', '--port', '0', '--state-file', state]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`State file ${state}: pwless_emulator_state: must be an integer from 1 to 1, not 9.`);
  });
});

describe('bad values: exit 2', () => {
  it.each([
    [['--clock', 'yesterday'], 'Invalid clock start "yesterday"'],
    [
      ['--clock', '1969-12-31T23:59:59Z'],
      'Invalid clock start "1969-12-31T23:59:59Z": it is before 1970-01-01T00:00:00.000Z, the earliest time of the emulator clock; give a time from 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.',
    ],
    [['--otp-ttl', '31536001'], '--otp-ttl "31536001" is not valid: give a whole number, from 1 to 31536000.'],
    [['--fault', '{"endpoint":"/nope","status":500}'], 'Invalid fault 1: endpoint: must be one of'],
    [['--fault', 'not json'], 'not valid JSON'],
    [['--tls-cert', '/nonexistent/cert.pem'], 'Give both a TLS certificate and its private key'],
    [['--start-limit', 'many'], '--start-limit "many" is not valid: give a whole number'],
    [['--brute-force-threshold', '101'], '--brute-force-threshold "101" is not valid: give a whole number, from 1 to 100.'],
    [['--otp-length', '-1'], '--otp-length "-1" is not valid: give a whole number, from 4 to 10.'],
    [['--outbox-per-recipient', '0'], '--outbox-per-recipient "0" is not valid: give a whole number, from 1 to 1000000.'],
    [['--outbox-total', '2.5'], '--outbox-total "2.5" is not valid: give a whole number, from 1 to 10000000.'],
  ])('%j (E-RUN-1, E-RUN-2)', async (args, message) => {
    const run = await runCli(['emulator', '--port', '0', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it.each(['-1', '70000', '1.5'])('--port %s: one wording for the range, the flag named, what 0 does (E-RUN-3)', async (port) => {
    const run = await runCli(['emulator', `--port=${port}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: --port "${port}" is not valid: give a whole number, from 0 to 65535.\n  hint: 0 takes any free port; the default is 4010.\n`,
    );
    expect(run.stdout).toBe('');
  });
});

describe('flags in use', () => {
  it('--tenant serves the file: its clients are in the banner (E-TENANT-3, E-BANNER-1)', async () => {
    const tenant = file('tenant.json', {
      clients: [{ client_id: 'cli-app', app_type: 'native', grant_types: ['http://auth0.com/oauth/grant-type/passwordless/otp'] }],
      connections: [{ name: 'email', strategy: 'email', enabled_clients: ['cli-app'] }],
      users: [{ email: 'vip@example.com', claims: { tier: 'gold' } }],
    });
    await withEmulator(['--tenant', tenant], async (emu) => {
      expect(emu.stderr()).toContain('cli-app (native, public, no secret)');
      expect(emu.stderr()).toContain('vip@example.com (claims: tier)');
      expect(emu.stderr()).not.toContain('emulator-native (');
    });
  });

  it('--clock, --fault and --start-limit act at once; --no-limits drops the headers (E-CLOCK-1, E-FAULT-6, E-LIMIT-1)', async () => {
    await withEmulator(['--clock', '2030-01-01T00:00:00Z', '--fault', '{"endpoint":"/userinfo","status":503}', '--start-limit', '1'], async (emu) => {
      const clock = (await (await fetch(`${emu.url}/__emulator/clock`)).json()) as { now: string };
      expect(clock.now.startsWith('2030-01-01T00:00:0')).toBe(true);
      expect((await fetch(`${emu.url}/userinfo`)).status).toBe(503);
      expect((await fetch(`${emu.url}/passwordless/start`, startBody('a@example.com'))).headers.get('x-ratelimit-limit')).toBe('1');
      const refused = await fetch(`${emu.url}/passwordless/start`, startBody('a@example.com'));
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('3600');
    });
    await withEmulator(['--no-limits'], async (emu) => {
      const answer = await fetch(`${emu.url}/passwordless/start`, startBody('b@example.com'));
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-ratelimit-limit')).toBe(null);
    });
  });

  it('--outbox-per-recipient and --outbox-total bound the outbox, the oldest dropped first (E-OUTBOX-5)', async () => {
    await withEmulator(['--no-limits', '--outbox-per-recipient', '2', '--outbox-total', '3'], async (emu) => {
      const messages = async (to: string) => ((await (await fetch(`${emu.url}/__emulator/outbox?to=${to}`)).json()) as { messages: unknown[] }).messages;
      for (let i = 0; i < 3; i++) expect((await fetch(`${emu.url}/passwordless/start`, startBody('cap@example.com'))).status).toBe(200);
      expect(await messages('cap@example.com')).toHaveLength(2);
      for (let i = 0; i < 2; i++) expect((await fetch(`${emu.url}/passwordless/start`, startBody('other@example.com'))).status).toBe(200);
      expect(await messages('cap@example.com')).toHaveLength(1);
      expect(await messages('other@example.com')).toHaveLength(2);
    });
  });

  it('--state-file keeps the outbox across a restart (E-STATE-1)', async () => {
    const state = join(dir, 'kept.json');
    await withEmulator(['--state-file', state], async (emu) => {
      expect((await fetch(`${emu.url}/passwordless/start`, startBody('kept@example.com'))).status).toBe(200);
    });
    await withEmulator(['--state-file', state], async (emu) => {
      const outbox = (await (await fetch(`${emu.url}/__emulator/outbox?to=kept@example.com`)).json()) as { messages: unknown[] };
      expect(outbox.messages).toHaveLength(1);
    });
  });
});

describe('pwless start meets the emulator on purpose', () => {
  it('shows mfa_required for the MFA user of the default tenant (exit 5) (B-TOKEN-ERR-10)', async () => {
    await withEmulator([], async (emu) => {
      const run = await runCli(['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'mfa@example.com', '--otp-from', 'emulator']);
      expect(run.code).toBe(5);
      expect(run.stderr).toContain('mfa_required');
      expect(run.stderr).toContain('Multifactor authentication required');
    });
  });

  it('shows a rate limit with its headers (exit 7) (B-RATE-4, B-RATE-5)', async () => {
    await withEmulator(['--start-limit', '1'], async (emu) => {
      const args = ['start', '--domain', emu.url, '--client-id', 'emulator-native', '--email', 'limit@example.com', '--otp-from', 'emulator'];
      expect((await runCli(args)).code).toBe(0);
      const run = await runCli(args);
      expect(run.code).toBe(7);
      expect(run.stderr).toContain('too_many_requests');
      expect(run.stderr).toContain('retry-after');
    });
  });
});
