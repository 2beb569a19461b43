/**
 * Email delivered for real (docs/emulator.md "Real delivery", "Templates"): the emulator hands each
 * email to a real MailDev over SMTP on loopback, with a text and an HTML part, From and Subject as
 * the connection says, its Liquid templates rendered; an SMTP server that refuses is reported, and
 * fails /passwordless/start only when asked to.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenant } from '../../../src/emulator/default-tenant.ts';
import { EmulatorConfigError } from '../../../src/emulator/errors.ts';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server.ts';
import { freePort } from '../../helpers/free-port.ts';
import { startMailDev, type MailDev } from '../../helpers/maildev.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { call, expectError, NATIVE, postJson } from './helpers.ts';

let maildev: MailDev;
const running: RunningEmulator[] = [];

async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ port: 0, smtp: maildev.smtpUrl, ...options });
  running.push(emu);
  return emu;
}

function start(emu: RunningEmulator, email: string, send: 'code' | 'link' = 'code', headers: Record<string, string> = {}) {
  const authParams = send === 'link' ? { redirect_uri: 'http://127.0.0.1:8080/callback', response_type: 'code', scope: 'openid' } : undefined;
  return postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email', email, send, ...(authParams ? { authParams } : {}) }, headers);
}

async function outboxOf(emu: RunningEmulator, to: string) {
  return (await call(emu, `/__emulator/outbox?to=${encodeURIComponent(to)}`)).body.messages;
}

/** A tenant whose email connection has the given `email` template (Auth0's `options.email`). */
function tenantWithEmail(email: Record<string, string>) {
  const tenant = defaultTenant();
  tenant.connections[0] = { ...tenant.connections[0]!, email: { syntax: 'liquid', ...email } };
  return tenant;
}

beforeAll(async () => {
  maildev = await startMailDev();
}, 30_000);

afterEach(async () => {
  await Promise.all(running.splice(0).map((emu) => emu.close()));
  await maildev.clear();
});

afterAll(async () => {
  await maildev?.stop();
});

describe('E-SMTP-1: each email also goes to the SMTP server, with a text and an HTML part', () => {
  it('a code: From and Subject by default, the code in both parts; the outbox keeps its shape', async () => {
    const emu = await emulator({ seed: 'smtp' });
    expect((await start(emu, 'code@example.com')).status).toBe(200);
    const [message] = await outboxOf(emu, 'code@example.com');
    const received = await maildev.email((await maildev.emailTo('code@example.com')).id);
    expect(received.from).toEqual([{ address: 'noreply@emulator.pwless.test', name: 'pwless emulator' }]);
    expect(received.subject).toBe('Your verification code for Emulator Native App');
    expect(received.text).toBe(`Your verification code is: ${message.code}`);
    expect(received.html).toBe(`<p>Your verification code is: <b>${message.code}</b></p>`);
    // Without a template of its connection, the outbox message is as it always was.
    expect(Object.keys(message).sort()).toEqual(['channel', 'code', 'created_at', 'expires_at', 'id', 'link', 'send', 'to']);
  });

  it('a link: the text part carries the full URL, the HTML part the anchor', async () => {
    const emu = await emulator();
    expect((await start(emu, 'link@example.com', 'link')).status).toBe(200);
    const [message] = await outboxOf(emu, 'link@example.com');
    const received = await maildev.email((await maildev.emailTo('link@example.com')).id);
    expect(received.subject).toBe('Sign in to Emulator Native App');
    expect(received.text).toContain(`Sign in to Emulator Native App (${message.link})`);
    expect(received.html).toContain(`href="${message.link.replaceAll('&', '&#38;')}"`);
  });
});

describe("B-MSG-1, B-MSG-2, E-TEMPLATE-1: the connection's Liquid templates, rendered with the documented variables", () => {
  it('From, Subject and body are rendered; MailDev gets them and the outbox message holds them', async () => {
    const emu = await emulator({
      tenant: tenantWithEmail({
        from: '{{ application.name }} <login@example.com>',
        subject: '{{ connection.name }} sign-in for {{ user.email }}',
        body: [
          '{% if request_language contains "fr" %}<p>Votre code : {{ code }}</p>{% else %}<p>Your code: {{ code }}</p>{% endif %}',
          '<p>send={{ send }} email={{ email }} client={{ application.clientID }} operation={{ operation | default: "none" }}</p>',
        ].join('\n'),
      }),
    });
    expect((await start(emu, 'tpl@example.com', 'code', { 'x-request-language': 'fr-FR' })).status).toBe(200);
    const [message] = await outboxOf(emu, 'tpl@example.com');
    const html = `<p>Votre code : ${message.code}</p>\n<p>send=code email=tpl@example.com client=emulator-native operation=none</p>`;
    expect(message).toMatchObject({ from: 'Emulator Native App <login@example.com>', subject: 'email sign-in for tpl@example.com', body: html });
    const received = await maildev.email((await maildev.emailTo('tpl@example.com')).id);
    expect(received.from).toEqual([{ address: 'login@example.com', name: 'Emulator Native App' }]);
    expect(received.subject).toBe('email sign-in for tpl@example.com');
    expect(received.html).toBe(html);
    expect(received.text).toBe(`Votre code : ${message.code}\n\nsend=code email=tpl@example.com client=emulator-native operation=none`);
  });

  it('a link template: {{ link }} is the magic link, and accept-language stands in for x-request-language', async () => {
    const emu = await emulator({
      tenant: tenantWithEmail({ body: '{% if send == "link" %}<a href="{{ link }}">Log in</a>{% endif %} lang={{ request_language }}' }),
    });
    expect((await start(emu, 'tpl-link@example.com', 'link', { 'accept-language': 'nl' })).status).toBe(200);
    const [message] = await outboxOf(emu, 'tpl-link@example.com');
    expect(message.body).toBe(`<a href="${message.link}">Log in</a> lang=nl`);
    const received = await maildev.email((await maildev.emailTo('tpl-link@example.com')).id);
    expect(received.text).toBe(`Log in (${message.link}) lang=nl`);
  });

  it('a template without SMTP still renders into the outbox', async () => {
    const emu = await startEmulator({ port: 0, tenant: tenantWithEmail({ subject: 'Code {{ code }}' }) });
    running.push(emu);
    expect((await start(emu, 'nosmtp@example.com')).status).toBe(200);
    const [message] = await outboxOf(emu, 'nosmtp@example.com');
    expect(message.subject).toBe(`Code ${message.code}`);
    expect(message.body).toBe(`<p>Your verification code is: <b>${message.code}</b></p>`);
  });
});

describe('E-TEMPLATE-2: a template that does not parse stops the start, naming the file, the field and the line', () => {
  it('an unclosed tag in the body of a tenant file', async () => {
    const file = join(tempDir('pwless-template-'), 'tenant.json');
    writeFileSync(file, JSON.stringify(tenantWithEmail({ body: '<p>Hello</p>\n{% if code %}\n{{ code }}' })));
    const error = await startEmulator({ port: 0, tenant: file }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(EmulatorConfigError);
    expect(error).toMatchObject({ option: 'tenant', file, isConfigFile: true });
    expect((error as Error).message).toBe(
      `Tenant file ${file}: connections[0].email.body: the Liquid template does not parse at line 2, column 1: tag {% if code %} not closed. See docs/emulator.md "Templates".`,
    );
  });

  it('an unknown filter in a tenant object is refused too', async () => {
    const error = await startEmulator({ port: 0, tenant: tenantWithEmail({ subject: '{{ code | shout }}' }) }).catch((err: unknown) => err);
    expect((error as Error).message).toBe(
      'Invalid tenant: connections[0].email.subject: the Liquid template does not parse at line 1, column 1: undefined filter: shout. See docs/emulator.md "Templates".',
    );
  });
});

describe('B-MSG-4, E-SMTP-2: an SMTP server that does not take the email', () => {
  it('by default /passwordless/start still answers 200, the outbox has the message, and the failure is reported', async () => {
    const lines: string[] = [];
    const emu = await emulator({ smtp: `smtp://127.0.0.1:${await freePort()}`, onMessage: (line) => lines.push(line) });
    expect((await start(emu, 'refused@example.com')).status).toBe(200);
    expect(await outboxOf(emu, 'refused@example.com')).toHaveLength(1);
    expect(lines.some((line) => /^\[smtp\] email code to refused@example\.com NOT delivered to smtp:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/.test(line))).toBe(
      true,
    );
  });

  it('with smtpFailure "fail" it answers 500 server_error, and no code is issued', async () => {
    const port = await freePort();
    const emu = await emulator({ smtp: `smtp://127.0.0.1:${port}`, smtpFailure: 'fail' });
    const answer = await start(emu, 'fail@example.com');
    expect(answer.status).toBe(500);
    expect(answer.body.error).toBe('server_error');
    expect(answer.body.error_description).toMatch(
      new RegExp(`^The email could not be handed to the SMTP server smtp://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect(await outboxOf(emu, 'fail@example.com')).toEqual([]);
  });
});

describe('E-DELIVERY-1: bad delivery options are refused before anything listens', () => {
  it.each([
    [{ smtp: 'http://127.0.0.1:25' }, 'smtp', 'Invalid smtp "http://127.0.0.1:25": give smtp://host:port, e.g. smtp://127.0.0.1:1025'],
    [{ smtp: 'smtp://user:pw@127.0.0.1:25' }, 'smtp', 'Invalid smtp: user names and passwords are not taken here'],
    [{ smtpFailure: 'explode' }, 'smtpFailure', 'Invalid smtpFailure "explode": use one of report, fail (default report).'],
    [{ smtpTimeoutMs: 0 }, 'smtpTimeoutMs', 'Invalid smtpTimeoutMs 0: use an integer number of milliseconds from 1 to 600000 (default 10000).'],
    [{ smsGateway: { url: 'ftp://x' } }, 'smsGateway', 'Invalid SMS gateway URL "ftp://x": give an http or https URL'],
    [{ smsGateway: { url: 'http://127.0.0.1/sms', subject: 'urn:x' } }, 'smsGateway', 'The SMS gateway token needs a secret'],
  ])('%j', async (options, option, message) => {
    const error = await startEmulator({ port: 0, ...(options as object) }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(EmulatorConfigError);
    expect(error).toMatchObject({ option });
    expect((error as Error).message).toContain(message);
  });

  it('an unknown template syntax and a gateway option on an email connection name the JSON path', async () => {
    const tenant = defaultTenant() as any;
    tenant.connections[0].gateway_url = 'http://127.0.0.1/sms';
    const error = await startEmulator({ port: 0, tenant }).catch((err: unknown) => err);
    expect((error as Error).message).toContain('connections[0].gateway_url: is an option of sms connections only');
    const tenant2 = defaultTenant() as any;
    tenant2.connections[1].syntax = 'markdown';
    const error2 = await startEmulator({ port: 0, tenant: tenant2 }).catch((err: unknown) => err);
    expect((error2 as Error).message).toContain('connections[1].syntax: must be one of md_with_macros, liquid');
  });
});

it('E-SMTP-1: one SMTP message per email sent, none for a refused request', async () => {
  const emu = await emulator();
  expect((await start(emu, 'a@example.com')).status).toBe(200);
  expect((await start(emu, 'b@example.com')).status).toBe(200);
  expect((await maildev.emails()).length).toBe(2);
  expectError(
    await postJson(emu, '/passwordless/start', { client_id: NATIVE, connection: 'email', send: 'code' }),
    400,
    'bad.email',
    'Missing required property: email',
  );
});
