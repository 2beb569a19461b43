// `pwless emulator` delivering for real, as the real binary (docs/emulator.md "Real delivery",
// "Templates"): --smtp to a MailDev on loopback with a tenant file's Liquid template, --sms-gateway
// to a test receiver that checks the JWT, a gateway answering 500 or hanging seen by `pwless start`
// as sms_provider_error (exit 5), and a malformed template refused at start (exit 3).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { spawnEmulator, type EmulatorProcess } from './emulator-process.ts';
import { startMailDev, type MailDev } from '../helpers/maildev.ts';
import { startSmsGatewayReceiver, type SmsGatewayReceiver } from '../helpers/sms-gateway-receiver.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('pwless-delivery-');
const SECRET = 'e2e-gateway-secret-with-32-bytes';

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** The default tenant's shape, with templates on its connections. */
function tenant(email: Record<string, string>, sms: Record<string, unknown> = {}) {
  const clients = [
    { client_id: 'emulator-native', name: 'Delivery Test App', app_type: 'native', grant_types: ['http://auth0.com/oauth/grant-type/passwordless/otp'] },
  ];
  return {
    clients,
    connections: [
      { name: 'email', strategy: 'email', enabled_clients: ['emulator-native'], email: { syntax: 'liquid', ...email } },
      { name: 'sms', strategy: 'sms', enabled_clients: ['emulator-native'], ...sms },
    ],
  };
}

async function withEmulator<T>(args: string[], use: (emu: EmulatorProcess) => Promise<T>): Promise<T> {
  const emu = await spawnEmulator(args);
  try {
    return await use(emu);
  } finally {
    await emu.stop();
  }
}

function start(emu: EmulatorProcess, identity: string[]) {
  return runCli(['start', '--domain', emu.url, '--client-id', 'emulator-native', ...identity, '--no-input', '--no-wait']);
}

describe('E-SMTP-1, E-TEMPLATE-1: --smtp with a tenant file template, received by MailDev', () => {
  let maildev: MailDev;
  beforeAll(async () => {
    maildev = await startMailDev();
  }, 30_000);
  afterAll(async () => {
    await maildev?.stop();
  });

  it('the rendered From, Subject, HTML and text parts arrive; the emulator logs the hand-over', async () => {
    const tenantFile = file(
      'smtp-tenant.json',
      tenant({
        from: '{{ application.name }} <auth@example.com>',
        subject: 'Code for {{ email }}',
        body: '<h1>{{ application.name }}</h1><p>Code: <b>{{ code }}</b></p>',
      }),
    );
    await withEmulator(['--tenant', tenantFile, '--smtp', maildev.smtpUrl], async (emu) => {
      const run = await start(emu, ['--email', 'e2e@example.com']);
      expect(run.code).toBe(0);
      const received = await maildev.email((await maildev.emailTo('e2e@example.com')).id);
      const code = /Code: <b>(\d{6})<\/b>/.exec(received.html ?? '')?.[1];
      expect(code).toMatch(/^\d{6}$/);
      expect(received.from).toEqual([{ address: 'auth@example.com', name: 'Delivery Test App' }]);
      expect(received.subject).toBe('Code for e2e@example.com');
      expect(received.text).toBe(`Delivery Test App\nCode: ${code}`);
      expect(emu.stderr()).toContain(`[smtp] email code to e2e@example.com handed to ${maildev.smtpUrl}`);
    });
  });
});

describe('E-GATEWAY-1: --sms-gateway and its flags', () => {
  let gateway: SmsGatewayReceiver;
  beforeAll(async () => {
    gateway = await startSmsGatewayReceiver({ secret: new TextEncoder().encode(SECRET), subject: 'urn:Auth0', audience: 'urn:e2e' });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const flags = () => [
    '--sms-gateway',
    gateway.url,
    '--sms-gateway-secret-file',
    file('gateway.secret', `${SECRET}\n`),
    '--sms-gateway-subject',
    'urn:Auth0',
    '--sms-gateway-audience',
    'urn:e2e',
    '--sms-gateway-forward-req-info',
  ];

  it('B-GATEWAY-1, B-GATEWAY-2: the exact body and a token the receiver verifies', async () => {
    gateway.answer = 200;
    await withEmulator(flags(), async (emu) => {
      const run = await start(emu, ['--phone', '+15550177']);
      expect(run.code).toBe(0);
      const request = gateway.requests.at(-1)!;
      expect(request.tokenError).toBeUndefined();
      expect(request.claims).toMatchObject({ sub: 'urn:Auth0', aud: 'urn:e2e' });
      expect(Object.keys(request.body)).toEqual(['recipient', 'body', 'sender', 'req']);
      expect(request.body).toMatchObject({ recipient: '+15550177', sender: 'pwless-emulator', req: { ip: '127.0.0.1' } });
      expect(request.body.body).toMatch(/^Your verification code is: \d{6}$/);
      expect(request.body.req['user-agent']).toMatch(/^pwless\//);
    });
  });

  it('B-GATEWAY-3: a gateway answering 500 makes pwless start fail with sms_provider_error, exit 5', async () => {
    gateway.answer = 500;
    await withEmulator(flags(), async (emu) => {
      const run = await start(emu, ['--phone', '+15550178']);
      expect(run.code).toBe(5);
      expect(run.stderr).toContain('sms_provider_error');
      expect(run.stderr).toContain('Unexpected response while calling the SMS gateway: 500');
    });
  });

  it('B-GATEWAY-4: a gateway that hangs past --sms-gateway-timeout is sms_provider_error too, exit 5', async () => {
    gateway.answer = 'hang';
    await withEmulator([...flags(), '--sms-gateway-timeout', '0.5'], async (emu) => {
      const run = await start(emu, ['--phone', '+15550179']);
      expect(run.code).toBe(5);
      expect(run.stderr).toContain('Timeout while calling the SMS gateway: ETIMEDOUT');
    });
  });

  it('a gateway flag without --sms-gateway is a usage error (exit 2)', async () => {
    const run = await runCli(['emulator', '--port', '0', '--sms-gateway-subject', 'urn:x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--sms-gateway-subject needs --sms-gateway <url>');
  });
});

it('E-TEMPLATE-2: a malformed template stops pwless emulator with exit 3, naming the file, the field and the line', async () => {
  const bad = file('bad-template.json', tenant({}, { template: 'Hi\n{{ code ', syntax: 'liquid' }));
  const run = await runCli(['emulator', '--port', '0', '--tenant', bad]);
  expect(run.code).toBe(3);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain(
    `Tenant file ${bad}: connections[1].template: the Liquid template does not parse at line 2, column 1: output "{{ code " not closed.`,
  );
});
