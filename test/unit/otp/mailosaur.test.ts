/**
 * `--otp-from mailosaur:<server-id>` against a Mailosaur API double on loopback
 * (test/helpers/mailosaur-api.ts, reached through PWLESS_MAILOSAUR_URL): the key from
 * MAILOSAUR_API_KEY only, email and SMS, only newer messages, and the failures.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, type NetworkError, UsageError } from '../../../src/core/errors.ts';
import { readCode, readLink } from '../../../src/otp/read.ts';
import { mailosaurAccess } from '../../../src/otp/mailosaur-access.ts';
import { parseOtpSource } from '../../../src/otp/source.ts';
import { harRedactor } from '../../../src/render/har-redact.ts';
import { traceTo } from '../../../src/render/trace.ts';
import { startMailosaurDouble, type MailosaurDouble } from '../../helpers/mailosaur-api.ts';
import { readContextFor } from './read-context.ts';
import { Chalk } from 'chalk';

const KEY = 'msk_test_0123456789abcdef';
let mailosaur: MailosaurDouble | undefined;
afterEach(async () => {
  await mailosaur?.close();
  mailosaur = undefined;
});

function env(double: MailosaurDouble, key = KEY): NodeJS.ProcessEnv {
  return { MAILOSAUR_API_KEY: key, PWLESS_MAILOSAUR_URL: double.url };
}

describe('mailosaur source', () => {
  it('reads the newest email to the address on that server since the request, with the key as Basic user name', async () => {
    mailosaur = await startMailosaurDouble(KEY);
    const now = Date.now();
    mailosaur.messages.push(
      {
        id: 'm-old',
        server: 'abcd1234',
        type: 'Email',
        to: 'alice@abcd1234.mailosaur.net',
        received: new Date(now - 60_000),
        text: { body: 'Your code is 111111' },
      },
      {
        id: 'm-elsewhere',
        server: 'zzzz9999',
        type: 'Email',
        to: 'alice@abcd1234.mailosaur.net',
        received: new Date(now + 5),
        text: { body: 'Your code is 222222' },
      },
      {
        id: 'm-new',
        server: 'abcd1234',
        type: 'Email',
        to: 'alice@abcd1234.mailosaur.net',
        received: new Date(now + 5),
        text: { body: 'Your code is 333333' },
      },
    );
    const found = await readCode(parseOtpSource('mailosaur:abcd1234'), readContextFor('alice@abcd1234.mailosaur.net', { sinceMs: now, env: env(mailosaur) }));
    expect(found).toEqual({ code: '333333', from: 'Mailosaur (message m-new)' });
    const search = mailosaur.requests[0];
    expect(search?.method).toBe('POST');
    expect(search?.url.pathname).toBe('/api/messages/search');
    expect(search?.url.searchParams.get('server')).toBe('abcd1234');
    expect(Date.parse(search?.url.searchParams.get('receivedAfter') ?? '')).toBeLessThanOrEqual(now);
    expect(JSON.parse(search?.body ?? '{}')).toEqual({ sentTo: 'alice@abcd1234.mailosaur.net' });
    expect(search?.headers.authorization).toBe(`Basic ${Buffer.from(`${KEY}:`).toString('base64')}`);
  });

  it('reads an SMS to a Mailosaur number', async () => {
    mailosaur = await startMailosaurDouble(KEY);
    mailosaur.messages.push({
      id: 's1',
      server: 'abcd1234',
      type: 'SMS',
      to: '+15005550006',
      received: new Date(),
      text: { body: 'Your verification code is: 4821' },
    });
    const found = await readCode(parseOtpSource('mailosaur:abcd1234'), readContextFor('+15005550006', { sinceMs: Date.now() - 500, env: env(mailosaur) }));
    expect(found.code).toBe('4821');
  });

  it('an HTML-only email: the code from the decoded HTML; the magic link from its links', async () => {
    mailosaur = await startMailosaurDouble(KEY);
    const link = 'https://tenant.example/passwordless/verify_redirect?verification_code=990011&connection=email&client_id=abc';
    mailosaur.messages.push({
      id: 'h1',
      server: 'abcd1234',
      type: 'Email',
      to: 'a@abcd1234.mailosaur.net',
      received: new Date(),
      html: { body: '<div>Code&#58; <strong>990011</strong></div>', links: [link] },
    });
    const rc = readContextFor('a@abcd1234.mailosaur.net', { sinceMs: Date.now() - 500, env: env(mailosaur) });
    expect((await readCode(parseOtpSource('mailosaur:abcd1234'), rc)).code).toBe('990011');
    expect((await readLink(parseOtpSource('mailosaur:abcd1234'), rc)).link.href).toBe(link);
  });

  it("falls back to the code Mailosaur found when the text holds none pwless's rule sees", async () => {
    mailosaur = await startMailosaurDouble(KEY);
    mailosaur.messages.push({
      id: 'c1',
      server: 'abcd1234',
      type: 'Email',
      to: 'a@abcd1234.mailosaur.net',
      received: new Date(),
      text: { body: 'Use G3H1Y2 to sign in', codes: ['G3H1Y2'] },
    });
    const found = await readCode(
      parseOtpSource('mailosaur:abcd1234'),
      readContextFor('a@abcd1234.mailosaur.net', { sinceMs: Date.now() - 500, env: env(mailosaur) }),
    );
    expect(found.code).toBe('G3H1Y2');
  });

  it('a wrong API key: 401 is a configuration error (exit 3)', async () => {
    mailosaur = await startMailosaurDouble(KEY);
    const error = await readCode(parseOtpSource('mailosaur:abcd1234'), readContextFor('a@abcd1234.mailosaur.net', { env: env(mailosaur, 'wrong-key') })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('otp_source_unauthorized');
    expect((error as ConfigError).message).toBe(
      `Mailosaur server abcd1234 at ${mailosaur.url} refused pwless's credentials (HTTP 401 to POST /api/messages/search).`,
    );
    expect((error as ConfigError).message).not.toContain('wrong-key');
  });

  it('nothing in time: otp_timeout naming the server, the address and since when', async () => {
    mailosaur = await startMailosaurDouble(KEY);
    const sinceMs = Date.now();
    const error = await readCode(
      parseOtpSource('mailosaur:abcd1234'),
      readContextFor('a@abcd1234.mailosaur.net', { sinceMs, timeoutMs: 300, env: env(mailosaur) }),
    ).catch((e: unknown) => e);
    expect((error as NetworkError).code).toBe('otp_timeout');
    expect((error as NetworkError).message).toBe(
      `No message to a@abcd1234.mailosaur.net reached Mailosaur server abcd1234 at ${mailosaur.url} since ${new Date(sinceMs).toISOString()} within 0.3 s.`,
    );
  });

  it('the key comes from MAILOSAUR_API_KEY only: unset is missing_mailosaur_api_key (exit 3); the API address must be https or loopback', () => {
    expect(() => mailosaurAccess({})).toThrow(expect.objectContaining({ code: 'missing_mailosaur_api_key', family: 'config' }));
    expect(() => mailosaurAccess({ MAILOSAUR_API_KEY: '  ' })).toThrow(ConfigError);
    expect(mailosaurAccess({ MAILOSAUR_API_KEY: KEY }).api.href).toBe('https://mailosaur.com/');
    expect(() => mailosaurAccess({ MAILOSAUR_API_KEY: KEY, PWLESS_MAILOSAUR_URL: 'http://mailosaur.example/' })).toThrow(UsageError);
  });

  it('the key never shows in the -v trace or the HAR file, nor the message texts', async () => {
    mailosaur = await startMailosaurDouble(KEY);
    mailosaur.messages.push({
      id: 't1',
      server: 'abcd1234',
      type: 'Email',
      to: 'a@abcd1234.mailosaur.net',
      received: new Date(),
      text: { body: 'Your code is 135790', codes: ['135790'] },
    });
    const lines: string[] = [];
    const trace = traceTo((line) => lines.push(line), new Chalk({ level: 0 }));
    const har = harRedactor({ pii: false });
    const bodies: string[] = [];
    await readCode(
      parseOtpSource('mailosaur:abcd1234'),
      readContextFor('a@abcd1234.mailosaur.net', {
        sinceMs: Date.now() - 500,
        env: env(mailosaur),
        http: {
          timeoutMs: 5000,
          trace: {
            request: (req) => {
              trace.request(req);
              bodies.push(har.header('authorization', req.headers.authorization ?? ''));
            },
            response: (res) => {
              trace.response(res);
              bodies.push(har.body(res.text, res.headers['content-type']));
            },
          },
        },
      }),
    );
    const all = [...lines, ...bodies].join('\n');
    expect(all).toContain('authorization: Basic ••••');
    expect(all).not.toContain(Buffer.from(`${KEY}:`).toString('base64'));
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('135790');
  });
});
