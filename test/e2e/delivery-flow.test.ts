/**
 * Real delivery end to end, through the real binaries only (issue 14's "Done means"; docs/emulator.md
 * "Real delivery" and "Templates", README "Against a real tenant in CI", docs/smoke.md):
 *
 *   pwless emulator --smtp ──► MailDev ◄── pwless smoke --otp-from maildev:<MailDev API>
 *   pwless emulator --sms-gateway (HS256 JWT) ──► pwless sms-gateway ◄── pwless smoke --otp-from sms-gateway:<url>
 *
 * One emulator, one MailDev and one `pwless sms-gateway` serve the whole file. Its tenant file has
 * an email connection with the default message, one with a Liquid template, the SMS connection that
 * uses the --sms-gateway flags, and two whose own `gateway_url` does not take the SMS (a server
 * answering 500, and the receiver with a wrong secret): both make the `start` step fail with
 * `sms_provider_error`, exit 5. Bad input is refused before anything is sent.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailDev, type MailDev } from '../helpers/maildev.ts';
import { eventually } from '../helpers/poll.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { runCli, type CliRun } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';
import { spawnSmsGateway, type SmsGatewayProcess } from './sms-gateway-process.ts';

const SECRET = 'delivery-flow-gateway-secret-of-32+bytes';
const SUBJECT = 'urn:Auth0';
const AUDIENCE = 'urn:pwless-delivery-flow';
const APP = 'Delivery Flow App';

/** The branded email connection's template (Auth0's options.email, Liquid; docs/emulator.md "Templates"). */
const BRANDED = {
  syntax: 'liquid',
  from: '{{ application.name }} <login@example.com>',
  subject: '{% if send == "link" %}Sign in to {{ application.name }}{% else %}{{ code }} is your {{ application.name }} code{% endif %}',
  body: [
    '<h1>{{ application.name | upcase }}</h1>',
    '{% if send == "link" %}<p><a href="{{ link }}">Sign in as {{ user.email }}</a></p>',
    '{% else %}<p>Hello {{ user.email }}, your code is <b>{{ code }}</b>.</p>{% endif %}',
    '<p>lang={{ request_language }} connection={{ connection.name }} client={{ application.clientID }}</p>',
  ].join('\n'),
};

let dir: string;
let maildev: MailDev;
let gateway: SmsGatewayProcess;
let failing: { url: string; requests: number; close(): Promise<void> };
let emu: EmulatorProcess;

/** A custom SMS gateway that answers 500 to every POST. */
async function failingGateway(): Promise<typeof failing> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => res.writeHead(500, { 'content-type': 'text/plain' }).end('gateway down'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/sms`,
    get requests() {
      return requests;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function tenantFile(): string {
  const clients = ['emulator-native'];
  const path = join(dir, 'tenant.json');
  const tenant = {
    clients: [
      {
        client_id: 'emulator-native',
        name: APP,
        app_type: 'native',
        grant_types: ['http://auth0.com/oauth/grant-type/passwordless/otp', 'refresh_token', 'authorization_code'],
        callbacks: ['http://127.0.0.1/*', 'http://localhost/*'],
      },
    ],
    connections: [
      { name: 'email', strategy: 'email', enabled_clients: clients },
      { name: 'email-branded', strategy: 'email', enabled_clients: clients, email: BRANDED },
      { name: 'sms', strategy: 'sms', enabled_clients: clients },
      { name: 'sms-down', strategy: 'sms', enabled_clients: clients, provider: 'sms_gateway', gateway_url: failing.url },
      {
        name: 'sms-wrong-secret',
        strategy: 'sms',
        enabled_clients: clients,
        provider: 'sms_gateway',
        gateway_url: gateway.url,
        gateway_authentication: { method: 'bearer', subject: SUBJECT, audience: AUDIENCE, secret: 'not-the-gateway-secret-but-32-bytes-long' },
      },
    ],
  };
  writeFileSync(path, JSON.stringify(tenant, null, 2));
  return path;
}

beforeAll(async () => {
  dir = tempDir('pwless-delivery-flow-');
  const secretFile = join(dir, 'gateway.secret');
  writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o600 });
  [maildev, gateway, failing] = await Promise.all([
    startMailDev(),
    spawnSmsGateway(['--jwt-secret-file', secretFile, '--subject', SUBJECT, '--audience', AUDIENCE]),
    failingGateway(),
  ]);
  emu = await spawnEmulator([
    '--tenant',
    tenantFile(),
    '--smtp',
    maildev.smtpUrl,
    '--sms-gateway',
    gateway.url,
    '--sms-gateway-secret-file',
    secretFile,
    '--sms-gateway-subject',
    SUBJECT,
    '--sms-gateway-audience',
    AUDIENCE,
  ]);
}, 30_000);

afterAll(async () => {
  await emu?.stop();
  await Promise.all([maildev?.stop(), gateway?.stop(), failing?.close()]);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  // The helpers leave nothing behind: every process has exited, MailDev's own directory is gone.
  for (const child of [emu?.child, maildev?.child, gateway?.child]) expect(child?.exitCode ?? child?.signalCode ?? null).not.toBeNull();
  if (maildev !== undefined) expect(existsSync(maildev.dir)).toBe(false);
});

const smoke = (...args: string[]) => runCli(['smoke', '--domain', emu.url, '--client-id', 'emulator-native', ...args, '--json']);

interface SmokeDoc {
  ok: boolean;
  failed_step?: string;
  steps: { name: string; status: string; note?: string; error?: { code: string; description: string } }[];
  error?: { code: string; description: string };
}

function passed(run: CliRun): SmokeDoc {
  expect(run.code, run.stderr + run.stdout).toBe(0);
  const doc = JSON.parse(run.stdout) as SmokeDoc;
  expect(doc.ok).toBe(true);
  expect(doc.steps.every((s) => s.status === 'passed')).toBe(true);
  return doc;
}

const stepNote = (doc: SmokeDoc, name: string) => doc.steps.find((s) => s.name === name)?.note ?? '';

/** The one code the emulator sent to `to` (its outbox is kept beside the real delivery). */
async function onlyCode(to: string): Promise<string> {
  const messages = await outbox(emu.url, to);
  expect(messages).toHaveLength(1);
  return messages[0]!.code;
}

describe('E-SMTP-1: emulator --smtp → MailDev → smoke --otp-from maildev:', () => {
  it('a code: smoke passes with the code read from the mail MailDev received', async () => {
    const to = 'flow-code@example.com';
    const doc = passed(await smoke('--email', to, '--otp-from', `maildev:${maildev.webUrl}`, '--expect-claim', `email=${to}`));
    expect(doc.steps.map((s) => s.name)).toEqual(['start', 'code', 'token', 'verify']);
    expect(stepNote(doc, 'code')).toMatch(/MailDev \(message \w+\)/);
    const received = await maildev.email((await maildev.emailTo(to)).id);
    const code = await onlyCode(to);
    expect(received.html).toContain(`<b>${code}</b>`);
    expect(received.text).toContain(code);
    expect(received.subject).toBe(`Your verification code for ${APP}`);
    expect(JSON.stringify(doc)).not.toContain(code); // docs/smoke.md: no report holds a code
  });

  it('a magic link (--send link): smoke follows the link from the mail and passes', async () => {
    const to = 'flow-link@example.com';
    const doc = passed(await smoke('--email', to, '--send', 'link', '--otp-from', `maildev:${maildev.webUrl}`));
    expect(doc.steps.map((s) => s.name)).toEqual(['start', 'link', 'token', 'verify']);
    const received = await maildev.email((await maildev.emailTo(to)).id);
    expect(received.subject).toBe(`Sign in to ${APP}`);
    expect(received.html).toMatch(new RegExp(`href="${literal(emu.url)}/passwordless/verify_redirect\\?[^"]*verification_code=`));
  });
});

describe('E-TEMPLATE-1, B-MSG-1: a tenant file Liquid template, rendered in the mail MailDev received', () => {
  it('a code: From, Subject and body rendered with the documented variables, and smoke still finds the code', async () => {
    const to = 'flow-branded@example.com';
    const doc = passed(await smoke('--email', to, '--connection', 'email-branded', '--language', 'fr-CA', '--otp-from', `maildev:${maildev.webUrl}`));
    expect(stepNote(doc, 'code')).toMatch(/MailDev/);
    const code = await onlyCode(to);
    const received = await maildev.email((await maildev.emailTo(to)).id);
    expect(received.from).toEqual([{ address: 'login@example.com', name: APP }]);
    expect(received.subject).toBe(`${code} is your ${APP} code`);
    expect(received.html).toContain(`<h1>${APP.toUpperCase()}</h1>`);
    expect(received.html).toContain(`<p>Hello ${to}, your code is <b>${code}</b>.</p>`);
    expect(received.html).toContain('<p>lang=fr-CA connection=email-branded client=emulator-native</p>');
    expect(received.text).toContain(`Hello ${to}, your code is ${code}.`);
  });

  it('a link: the template’s anchor is the link smoke follows', async () => {
    const to = 'flow-branded-link@example.com';
    passed(await smoke('--email', to, '--connection', 'email-branded', '--send', 'link', '--otp-from', `maildev:${maildev.webUrl}`));
    const received = await maildev.email((await maildev.emailTo(to)).id);
    expect(received.subject).toBe(`Sign in to ${APP}`);
    expect(received.html).toMatch(new RegExp(`<p><a href="${literal(emu.url)}/passwordless/verify_redirect\\?[^"]+">Sign in as ${literal(to)}</a></p>`));
  });
});

describe('E-GATEWAY-1, B-GATEWAY-2: emulator --sms-gateway (HS256 JWT) → pwless sms-gateway → smoke --otp-from sms-gateway:', () => {
  it('smoke --phone passes with the code the receiver took under a valid token; its stderr masks the code', async () => {
    const phone = '+15550142001';
    const doc = passed(await smoke('--phone', phone, '--otp-from', `sms-gateway:${gateway.url}`, '--expect-claim', `phone_number=${phone}`));
    expect(stepNote(doc, 'code')).toMatch(/the SMS gateway \(message sms_\d+\)/);
    const code = await onlyCode(phone);
    await eventually(() => expect(gateway.stderr()).toMatch(new RegExp(`SMS to \\${phone} from pwless-emulator \\(sms_\\d+\\): code ••••`)));
    expect(gateway.stderr()).not.toContain(code);
    expect(gateway.stderr()).not.toContain('refused');
  });
});

describe('B-GATEWAY-3: a gateway that does not take the SMS: the start step fails with sms_provider_error, exit 5', () => {
  it.each([
    ['answers 500', 'sms-down', 'Unexpected response while calling the SMS gateway: 500'],
    ['refuses the token (a wrong secret, 401)', 'sms-wrong-secret', 'Authentication failed while calling the SMS gateway: 401'],
  ])('smoke, when the gateway %s', async (_what, connection, description) => {
    const phone = connection === 'sms-down' ? '+15550142002' : '+15550142003';
    const before = failing.requests;
    const run = await smoke('--phone', phone, '--connection', connection, '--otp-from', `sms-gateway:${gateway.url}`);
    expect(run.code).toBe(5);
    const doc = JSON.parse(run.stdout) as SmokeDoc;
    expect(doc).toMatchObject({ ok: false, failed_step: 'start', error: { code: 'sms_provider_error', description } });
    expect(doc.steps.map((s) => [s.name, s.status])).toEqual([
      ['start', 'failed'],
      ['code', 'skipped'],
      ['token', 'skipped'],
      ['verify', 'skipped'],
    ]);
    expect(await outbox(emu.url, phone)).toEqual([]);
    if (connection === 'sms-down') expect(failing.requests).toBe(before + 1);
    else await eventually(() => expect(gateway.stderr()).toContain('refused 401'));
  });

  it('pwless start, when the gateway answers 500', async () => {
    const phone = '+15550142004';
    const run = await runCli([
      'start',
      '--domain',
      emu.url,
      '--client-id',
      'emulator-native',
      '--phone',
      phone,
      '--connection',
      'sms-down',
      '--no-wait',
      '--json',
    ]);
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      error: { code: 'sms_provider_error', description: 'Unexpected response while calling the SMS gateway: 500' },
    });
    expect(await outbox(emu.url, phone)).toEqual([]);
  });
});

describe('bad input, refused before anything is sent', () => {
  /** Nothing reached the outbox, MailDev or the SMS gateway for this identity. */
  async function nothingSentTo(to: string): Promise<void> {
    expect(await outbox(emu.url, to)).toEqual([]);
    expect((await maildev.emails()).filter((e) => e.to.some((a) => a.address === to))).toEqual([]);
    expect(gateway.stderr()).not.toContain(to);
  }

  it.each([
    ['an unknown source scheme', ['--otp-from', 'imap:inbox'], 2, 'invalid_otp_source', 'is not a code source'],
    ['a source URL that is not http(s)', ['--otp-from', 'maildev:ftp://127.0.0.1:1080'], 2, 'invalid_otp_source', 'must be an http:// or https:// URL'],
    ['mailosaur: without MAILOSAUR_API_KEY', ['--otp-from', 'mailosaur:abcd1234'], 3, 'missing_mailosaur_api_key', 'MAILOSAUR_API_KEY'],
  ])('smoke with %s', async (_what, flags, exit, code, says) => {
    const to = `flow-bad-${code}-${exit}@example.com`;
    const run = await smoke('--email', to, ...flags);
    expect(run.code).toBe(exit);
    const doc = JSON.parse(run.stdout) as SmokeDoc;
    expect(doc.ok).toBe(false);
    expect(doc.error?.code).toBe(code);
    expect(doc.error?.description).toContain(says);
    await nothingSentTo(to);
  });

  it('sms-gateway: with a URL that is not http(s), for a phone', async () => {
    const phone = '+15550142005';
    const run = await smoke('--phone', phone, '--otp-from', 'sms-gateway:file:///tmp/sms');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'invalid_otp_source' } });
    await nothingSentTo(phone);
  });

  it('E-TEMPLATE-2: a malformed email template: pwless emulator --smtp exits 3 naming the file, the field and the line, and sends nothing', async () => {
    const bad = join(dir, 'bad-template.json');
    const connection = { name: 'email', strategy: 'email', enabled_clients: ['app'], email: { syntax: 'liquid', body: '<p>\n{% if code %}{{ code }}</p>' } };
    writeFileSync(bad, JSON.stringify({ clients: [{ client_id: 'app', app_type: 'native', grant_types: [] }], connections: [connection] }));
    const mails = (await maildev.emails()).length;
    const run = await runCli(['emulator', '--port', '0', '--tenant', bad, '--smtp', maildev.smtpUrl, '--json']);
    expect(run.code).toBe(3);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ ok: false, error: { code: 'invalid_emulator_file' } });
    expect(doc.error.description).toBe(
      `Tenant file ${bad}: connections[0].email.body: the Liquid template does not parse at line 2, column 1: tag {% if code %} not closed. See docs/emulator.md "Templates".`,
    );
    expect(doc.url).toBeUndefined();
    expect((await maildev.emails()).length).toBe(mails);
  });
});

/** `text` as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
