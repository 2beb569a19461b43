/**
 * `--otp-from mailpit:` / `mailosaur:` through the binary against the emulator: the code the
 * emulator sent is put into a Mailpit or Mailosaur API double (test/helpers/) as a tenant's real
 * delivery would, and pwless reads it from there; the refusals of a bad source come before
 * anything is sent (the emulator's outbox stays empty). `start` and `smoke` both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailosaurDouble, type MailosaurDouble } from '../helpers/mailosaur-api.ts';
import { startMailpitDouble, type MailpitDouble } from '../helpers/mailpit-api.ts';
import { freePort } from '../helpers/free-port.ts';
import { runCli } from './cli.ts';
import { outbox, spawnEmulator, type EmulatorProcess } from './emulator-process.ts';

const KEY = 'msk_e2e_key_0123456789';
let emu: EmulatorProcess;
let mailpit: MailpitDouble;
let mailosaur: MailosaurDouble;
beforeAll(async () => {
  [emu, mailpit, mailosaur] = await Promise.all([spawnEmulator(), startMailpitDouble(), startMailosaurDouble(KEY)]);
});
afterAll(async () => {
  await Promise.all([emu?.stop(), mailpit?.close(), mailosaur?.close()]);
});

const base = () => ['--domain', emu.url, '--client-id', 'emulator-native'];

/** Once pwless says it sent the code, deliver the emulator's code to the double, as the tenant's mail would. */
function deliverOnceSent(to: string, deliver: (code: string) => void): (stderr: string) => void {
  let done = false;
  return (stderr) => {
    if (done || !stderr.includes('Sent a code')) return;
    done = true;
    void outbox(emu.url, to).then(([newest]) => deliver(newest?.code ?? 'none'));
  };
}

describe('code sources for real delivery, through the binary', () => {
  it('start --otp-from mailpit:URL logs in with the code of the message Mailpit received', async () => {
    const to = 'pat@example.com';
    const run = await runCli(['start', ...base(), '--email', to, '--otp-from', `mailpit:${mailpit.url}`, '--otp-timeout', '20', '--json'], {
      onStderr: deliverOnceSent(to, (code) =>
        mailpit.messages.push({ ID: 'e2e-1', to, created: new Date(), html: `<p>Your verification code is <b>${code}</b></p>` }),
      ),
    });
    expect(run.stderr).toContain('Mailpit (message e2e-1)');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, verification: { ok: true } });
  });

  it('start --otp-from mailosaur:SERVER logs in with an SMS Mailosaur received (key from MAILOSAUR_API_KEY)', async () => {
    const to = '+15005550009';
    const run = await runCli(['start', ...base(), '--phone', to, '--otp-from', 'mailosaur:abcd1234', '--otp-timeout', '20'], {
      env: { MAILOSAUR_API_KEY: KEY, PWLESS_MAILOSAUR_URL: mailosaur.url },
      onStderr: deliverOnceSent(to, (code) =>
        mailosaur.messages.push({
          id: 'sms-e2e',
          server: 'abcd1234',
          type: 'SMS',
          to,
          received: new Date(),
          text: { body: `Your verification code is: ${code}` },
        }),
      ),
    });
    expect(run.stderr).toContain('Mailosaur (message sms-e2e)');
    expect(run.code).toBe(0);
  });

  it('smoke --otp-from mailpit:URL passes, reading the code from the message Mailpit received', async () => {
    const to = 'smoke-mailpit@example.com';
    const run = await runCli(['smoke', ...base(), '--email', to, '--otp-from', `mailpit:${mailpit.url}`, '--otp-timeout', '20', '--json'], {
      onStderr: deliverOnceSent(to, (code) => mailpit.messages.push({ ID: 'e2e-smoke-1', to, created: new Date(), text: `Your verification code is ${code}` })),
    });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({ ok: true, target: { identity: to, send: 'code' } });
    expect(doc.steps.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([
      ['start', 'passed'],
      ['code', 'passed'],
      ['token', 'passed'],
      ['verify', 'passed'],
    ]);
    expect(doc.steps[1].note).toContain('Mailpit (message e2e-smoke-1)');
  });

  it('smoke --otp-from mailosaur:SERVER passes with an email Mailosaur received (key from MAILOSAUR_API_KEY)', async () => {
    const to = 'smoke-mailosaur@example.com';
    const run = await runCli(['smoke', ...base(), '--email', to, '--otp-from', 'mailosaur:abcd1234', '--otp-timeout', '20', '--json'], {
      env: { MAILOSAUR_API_KEY: KEY, PWLESS_MAILOSAUR_URL: mailosaur.url },
      onStderr: deliverOnceSent(to, (code) =>
        mailosaur.messages.push({
          id: 'email-smoke',
          server: 'abcd1234',
          type: 'Email',
          to,
          received: new Date(),
          html: { body: `<p>Your verification code is <b>${code}</b></p>`, codes: [code] },
        }),
      ),
    });
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.steps[1]).toMatchObject({ name: 'code', status: 'passed', note: expect.stringContaining('Mailosaur (message email-smoke)') });
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('a wrong Mailosaur key: exit 3 otp_source_unauthorized, the key in no output', async () => {
    const run = await runCli(['start', ...base(), '--email', 'key@example.com', '--otp-from', 'mailosaur:abcd1234', '--json'], {
      env: { MAILOSAUR_API_KEY: 'not-the-key-123', PWLESS_MAILOSAUR_URL: mailosaur.url },
    });
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'otp_source_unauthorized' } });
    expect(run.stdout + run.stderr).not.toContain('not-the-key-123');
  });

  it('an unreachable catcher: exit 4 naming it', async () => {
    const port = await freePort();
    const run = await runCli(['start', ...base(), '--email', 'down@example.com', '--otp-from', `maildev:http://127.0.0.1:${port}`]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`MailDev at http://127.0.0.1:${port} could not be reached`);
  });

  it('refused before anything is sent: no MAILOSAUR_API_KEY (exit 3), a source URL that is not http(s) or an unknown scheme (exit 2)', async () => {
    const to = 'never@example.com';
    const noKey = await runCli(['start', ...base(), '--email', to, '--otp-from', 'mailosaur:abcd1234', '--json']);
    expect(noKey.code).toBe(3);
    expect(JSON.parse(noKey.stdout)).toMatchObject({ ok: false, error: { code: 'missing_mailosaur_api_key' } });
    const ftp = await runCli(['start', ...base(), '--email', to, '--otp-from', 'mailpit:ftp://127.0.0.1:8025', '--json']);
    expect(ftp.code).toBe(2);
    expect(JSON.parse(ftp.stdout)).toMatchObject({ ok: false, error: { code: 'invalid_otp_source' } });
    expect(JSON.parse(ftp.stdout).error.description).toContain('must be an http:// or https:// URL');
    const unknown = await runCli(['verify', ...base(), '--email', to, '--otp-from', 'imap:inbox']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('mailpit:URL, maildev:URL, mailosaur:SERVER-ID, sms-gateway:URL');
    expect(await outbox(emu.url, to)).toEqual([]);
  });
});
