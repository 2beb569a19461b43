/**
 * `--otp-from mailpit:<url>` against a Mailpit API double on loopback (test/helpers/mailpit-api.ts):
 * only the newest message to the address since the request, text then HTML, codes and links,
 * and each failure with its code and what it names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, NetworkError } from '../../../src/core/errors.ts';
import { readCode, readLink } from '../../../src/otp/read.ts';
import { parseOtpSource } from '../../../src/otp/source.ts';
import { freePort } from '../../helpers/free-port.ts';
import { startMailpitDouble, type MailpitDouble } from '../../helpers/mailpit-api.ts';
import { eventually } from '../../helpers/poll.ts';
import { readContextFor } from './read-context.ts';

let mailpit: MailpitDouble | undefined;
afterEach(async () => {
  await mailpit?.close();
  mailpit = undefined;
});

const LINK =
  'https://tenant.example/passwordless/verify_redirect?scope=openid&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&verification_code=482913&connection=email&client_id=abc&email=alice%40example.com';

describe('mailpit source', () => {
  it('reads the code of the newest message to the address since the request, not an older one or one to someone else', async () => {
    mailpit = await startMailpitDouble();
    const now = Date.now();
    mailpit.messages.push(
      { ID: 'old', to: 'alice@example.com', created: new Date(now - 60_000), text: 'Your verification code is 111111' },
      { ID: 'other', to: 'bob@example.com', created: new Date(now + 10), text: 'Your verification code is 222222' },
      { ID: 'new', to: 'Alice@Example.com', created: new Date(now + 5), text: 'Your verification code is 333333' },
    );
    const found = await readCode(parseOtpSource(`mailpit:${mailpit.url}`), readContextFor('alice@example.com', { sinceMs: now }));
    expect(found).toEqual({ code: '333333', from: 'Mailpit (message new)' });
    const search = mailpit.requests[0]?.url;
    expect(search?.pathname).toBe('/api/v1/search');
    expect(search?.searchParams.get('query')).toMatch(/^to:"alice@example\.com" after:\d{4}-\d\d-\d\d$/);
    expect(mailpit.requests[1]?.url.pathname).toBe('/api/v1/message/new');
  });

  it('waits for a message that arrives while it polls', async () => {
    mailpit = await startMailpitDouble();
    const sinceMs = Date.now();
    const reading = readCode(parseOtpSource(`mailpit:${mailpit.url}`), readContextFor('alice@example.com', { sinceMs }));
    const double = mailpit;
    await eventually(() => double.requests.length >= 2);
    double.messages.push({ ID: 'late', to: 'alice@example.com', created: new Date(), text: 'Your code: 445566' });
    await expect(reading).resolves.toEqual({ code: '445566', from: 'Mailpit (message late)' });
  });

  it('decodes an HTML-only message: entities and tags gone, the code found', async () => {
    mailpit = await startMailpitDouble();
    mailpit.messages.push({
      ID: 'h',
      to: 'alice@example.com',
      created: new Date(),
      html: '<html><head><style>p{color:red}</style></head><body><p>Your&nbsp;verification code is <b>&#55;70011</b></p></body></html>',
    });
    const found = await readCode(parseOtpSource(`mailpit:${mailpit.url}`), readContextFor('alice@example.com', { sinceMs: Date.now() - 500 }));
    expect(found.code).toBe('770011');
  });

  it('finds the magic link in the href of the HTML part', async () => {
    mailpit = await startMailpitDouble();
    mailpit.messages.push({
      ID: 'l',
      to: 'alice@example.com',
      created: new Date(),
      text: 'Open the email in a browser that shows HTML.',
      html: `<p><a href="${LINK.replace(/&/g, '&amp;')}">Log in</a></p>`,
    });
    const { link, from } = await readLink(parseOtpSource(`mailpit:${mailpit.url}`), readContextFor('alice@example.com', { sinceMs: Date.now() - 500 }));
    expect(link.href).toBe(LINK);
    expect(from).toBe('Mailpit (message l)');
  });

  it('nothing in time: otp_timeout saying which source, which address and since when', async () => {
    mailpit = await startMailpitDouble();
    const sinceMs = Date.now();
    mailpit.messages.push({ ID: 'old', to: 'alice@example.com', created: new Date(sinceMs - 60_000), text: 'code 111111' });
    const error = await readCode(parseOtpSource(`mailpit:${mailpit.url}`), readContextFor('alice@example.com', { sinceMs, timeoutMs: 400 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('otp_timeout');
    expect((error as NetworkError).message).toBe(
      `No message to alice@example.com reached Mailpit at ${mailpit.url} since ${new Date(sinceMs).toISOString()} within 0.4 s.`,
    );
  });

  it('a password-protected Mailpit: 401 is a configuration error (exit 3); the password in the URL is sent as Basic auth', async () => {
    mailpit = await startMailpitDouble({ user: 'ci', password: 's3cret' });
    mailpit.messages.push({ ID: 'p', to: 'alice@example.com', created: new Date(), text: 'code 909090' });
    const rc = readContextFor('alice@example.com', { sinceMs: Date.now() - 500 });
    const refused = await readCode(parseOtpSource(`mailpit:${mailpit.url}`), rc).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).code).toBe('otp_source_unauthorized');
    expect((refused as ConfigError).message).toContain(`Mailpit at ${mailpit.url}`);
    const withPassword = mailpit.url.replace('http://', 'http://ci:s3cret@');
    await expect(readCode(parseOtpSource(`mailpit:${withPassword}`), rc)).resolves.toMatchObject({ code: '909090' });
  });

  it('an unreachable catcher: exit 4 at once, naming it', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await readCode(parseOtpSource(`mailpit:http://127.0.0.1:${port}`), readContextFor('alice@example.com', { timeoutMs: 30_000 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe('connection_refused');
    expect((error as NetworkError).message).toMatch(new RegExp(`^Mailpit at http://127\\.0\\.0\\.1:${port} could not be reached: `));
    expect(Date.now() - started).toBeLessThan(28_000); // did not wait for --otp-timeout
  });

  it('a URL that is not Mailpit: invalid_response naming the request', async () => {
    mailpit = await startMailpitDouble();
    const error = await readCode(parseOtpSource(`mailpit:${mailpit.url}/elsewhere`), readContextFor('alice@example.com')).catch((e: unknown) => e);
    expect((error as NetworkError).code).toBe('invalid_response');
    expect((error as NetworkError).message).toContain('answered HTTP 404 to GET /elsewhere/api/v1/search');
  });

  it('Ctrl-C ends the wait with the run’s interruption', async () => {
    mailpit = await startMailpitDouble();
    const controller = new AbortController();
    const reason = new Error('interrupted by the test');
    const reading = readCode(parseOtpSource(`mailpit:${mailpit.url}`), readContextFor('alice@example.com', { signal: controller.signal, timeoutMs: 30_000 }));
    const double = mailpit;
    await eventually(() => double.requests.length >= 1);
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
  });
});
