/** Parsing `--otp-from` for the real-delivery sources: what is taken, and each refusal's code (exit 2). */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.ts';
import { htmlToText } from '../../../src/otp/html-text.ts';
import { parseOtpSource } from '../../../src/otp/source.ts';

describe('parseOtpSource: real-delivery sources', () => {
  it('takes http(s) base URLs for mailpit:, maildev: and sms-gateway:, and a server id for mailosaur:', () => {
    expect(parseOtpSource('mailpit:http://127.0.0.1:8025')).toEqual({ kind: 'mailpit', base: new URL('http://127.0.0.1:8025') });
    expect(parseOtpSource('maildev:https://mail.ci.example/maildev/')).toEqual({ kind: 'maildev', base: new URL('https://mail.ci.example/maildev/') });
    expect(parseOtpSource('sms-gateway:http://[::1]:4011')).toEqual({ kind: 'sms-gateway', base: new URL('http://[::1]:4011') });
    expect(parseOtpSource('mailosaur:abcd1234')).toEqual({ kind: 'mailosaur', serverId: 'abcd1234' });
  });

  it.each([
    ['mailpit:ftp://127.0.0.1', 'must be an http:// or https:// URL'],
    ['maildev:127.0.0.1:1080', 'must be an http:// or https:// URL'],
    ['sms-gateway:', 'must be an http:// or https:// URL'],
    ['mailpit:http://127.0.0.1:8025/?x=1', 'must be an http:// or https:// URL'],
    ['mailosaur:https://mailosaur.com', 'not a Mailosaur server id'],
    ['mailosaur:', 'not a Mailosaur server id'],
    ['mailhog:http://127.0.0.1:8025', 'is not a code source'],
  ])('refuses %s with invalid_otp_source', (spec, words) => {
    const error = (() => {
      try {
        parseOtpSource(spec);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('invalid_otp_source');
    expect((error as UsageError).message).toContain(words);
  });

  // A refused URL is refused before its password is registered as a secret: the message must not hold it.
  it.each([
    ['mailpit:ftp://ci:hunter2-pass@mail.example:8025', '"ftp://ci:****@mail.example:8025"'],
    ['maildev:http://ci:p@ss:w0rd@mail.example/?x=1', '"http://ci:****@mail.example/?x=1"'],
    ['mailpt:http://ci:hunter2-pass@mail.example', '"mailpt:http://ci:****@mail.example"'],
  ])('refuses %s without showing its password', (spec, shown) => {
    let message = '';
    try {
      parseOtpSource(spec);
    } catch (error) {
      message = (error as UsageError).message;
    }
    expect(message).toContain(shown);
    expect(message).not.toMatch(/hunter2|w0rd/);
  });
});

describe('htmlToText', () => {
  it('keeps link targets, drops styles, scripts and comments, decodes references', () => {
    const html =
      '<html><head><title>x</title><style>.a{}</style></head><body><!-- 999999 --><script>var c = 888888</script>' +
      '<p>Hello&nbsp;Ana &amp; co &#x2014; code&#58;&#32;<b>123456</b></p><a href="https://t.example/cb?a=1&amp;b=2">Log in</a><br>Bye &unknown;</body></html>';
    expect(htmlToText(html)).toBe('Hello Ana & co — code: 123456\nhttps://t.example/cb?a=1&b=2 Log in\nBye &unknown;');
  });
});
