/**
 * `--otp-from maildev:<url>` against a real MailDev 3 on loopback, the mail sent into it over SMTP
 * with nodemailer: the newest message to the address since the request, text then HTML, codes and
 * links, and an unreachable MailDev.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/core/errors.ts';
import { readCode, readLink } from '../../../src/otp/read.ts';
import { parseOtpSource } from '../../../src/otp/source.ts';
import { freePort } from '../../helpers/free-port.ts';
import { startMailDev, type MailDev } from '../../helpers/maildev.ts';
import { readContextFor } from './read-context.ts';

let maildev: MailDev;
beforeAll(async () => {
  maildev = await startMailDev();
}, 30_000);
afterAll(async () => {
  await maildev?.stop();
});

/** MailDev dates a message by its Date header (whole seconds), which `date` sets. */
async function deliver(to: string, content: { text?: string; html?: string; date?: Date }): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: maildev.smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ from: 'no-reply@tenant.test', to, subject: 'Your code', ...content });
  } finally {
    transport.close();
  }
}

describe('maildev source (a real MailDev)', () => {
  it('reads the code of the newest mail to the address since the request, not an older one or one to someone else', async () => {
    const sinceMs = Date.now();
    await deliver('carol@example.com', { text: 'Your verification code is 111111', date: new Date(sinceMs - 60_000) });
    await deliver('carol@example.com', { text: 'Your verification code is 222222' });
    await deliver('dave@example.com', { text: 'Your verification code is 333333' });
    const rc = readContextFor('carol@example.com', { sinceMs });
    const found = await readCode(parseOtpSource(`maildev:${maildev.webUrl}`), rc);
    expect(found.code).toBe('222222');
    expect(found.from).toMatch(/^MailDev \(message \w+\)$/);
  });

  it('only a mail older than the request: otp_timeout, saying what was searched', async () => {
    const sinceMs = Date.now();
    await deliver('erin@example.com', { text: 'Your verification code is 444444', date: new Date(sinceMs - 60_000) });
    const error = await readCode(parseOtpSource(`maildev:${maildev.webUrl}`), readContextFor('erin@example.com', { sinceMs, timeoutMs: 300 })).catch(
      (e: unknown) => e,
    );
    expect((error as NetworkError).code).toBe('otp_timeout');
    expect((error as NetworkError).message).toContain(
      `No message to erin@example.com reached MailDev at ${maildev.webUrl} since ${new Date(sinceMs).toISOString()}`,
    );
  });

  it('an HTML-only mail: the code from the decoded HTML', async () => {
    const sinceMs = Date.now() - 500;
    await deliver('frank@example.com', { html: '<table><tr><td>Your verification code is&nbsp;<b>556677</b></td></tr></table>' });
    expect((await readCode(parseOtpSource(`maildev:${maildev.webUrl}`), readContextFor('frank@example.com', { sinceMs }))).code).toBe('556677');
  });

  it('a magic link in the HTML part', async () => {
    const sinceMs = Date.now() - 500;
    const link =
      'https://tenant.example/passwordless/verify_redirect?scope=openid&verification_code=880022&connection=email&client_id=abc&email=grace%40example.com';
    await deliver('grace@example.com', {
      text: 'Click the button in this mail.',
      html: `<p><a class="btn" href="${link.replace(/&/g, '&amp;')}">Log in</a></p>`,
    });
    const { link: found } = await readLink(parseOtpSource(`maildev:${maildev.webUrl}`), readContextFor('grace@example.com', { sinceMs }));
    expect(found.href).toBe(link);
  });

  it('an unreachable MailDev: exit 4, naming it', async () => {
    const port = await freePort();
    const error = await readCode(parseOtpSource(`maildev:http://127.0.0.1:${port}`), readContextFor('carol@example.com')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('connection_refused');
    expect((error as NetworkError).message).toContain(`MailDev at http://127.0.0.1:${port} could not be reached`);
  });
});
