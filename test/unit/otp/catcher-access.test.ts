/**
 * The password of a mail catcher or SMS gateway (src/otp/catcher-access.ts), issue 22 item 3: from
 * PWLESS_<KIND>_PASSWORD or the file PWLESS_<KIND>_PASSWORD_FILE names, so that it is not on the
 * command line (`ps`); a password in the URL still works and is reported as being there.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../../src/core/errors.ts';
import { catcherAccess, passwordInUrlWarning } from '../../../src/otp/catcher-access.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const basic = (pair: string) => ({ authorization: `Basic ${Buffer.from(pair).toString('base64')}` });

describe('catcherAccess', () => {
  it('no user, no password: no header', () => {
    expect(catcherAccess('mailpit', new URL('http://127.0.0.1:8025/'), {})).toEqual({
      base: new URL('http://127.0.0.1:8025/'),
      headers: {},
      password: undefined,
      passwordInUrl: false,
    });
  });

  it('the user in the URL, the password from PWLESS_MAILPIT_PASSWORD', () => {
    expect(catcherAccess('mailpit', new URL('http://ci@127.0.0.1:8025/'), { PWLESS_MAILPIT_PASSWORD: 'p@ss:word' })).toEqual({
      base: new URL('http://127.0.0.1:8025/'),
      headers: basic('ci:p@ss:word'),
      password: 'p@ss:word',
      passwordInUrl: false,
    });
  });

  it('the password from the file PWLESS_SMS_GATEWAY_PASSWORD_FILE names, without its last line break', () => {
    const file = join(tempDir(), 'password');
    writeFileSync(file, 'from-a-file\n');
    expect(catcherAccess('sms-gateway', new URL('https://ci@gw.example/'), { PWLESS_SMS_GATEWAY_PASSWORD_FILE: file })).toMatchObject({
      headers: basic('ci:from-a-file'),
      password: 'from-a-file',
    });
  });

  it('the password in the URL wins, decoded, and says it was there', () => {
    expect(catcherAccess('maildev', new URL('http://ci:s%40cret@127.0.0.1:1080/'), { PWLESS_MAILDEV_PASSWORD: 'other' })).toEqual({
      base: new URL('http://127.0.0.1:1080/'),
      headers: basic('ci:s@cret'),
      password: 's@cret',
      passwordInUrl: true,
    });
    expect(passwordInUrlWarning('maildev')).toBe(
      '--otp-from maildev: the password is in the URL, which anyone on this machine can read in the process list (ps); give the user alone in the URL and the password in PWLESS_MAILDEV_PASSWORD or in a file named by PWLESS_MAILDEV_PASSWORD_FILE.',
    );
  });

  it('refuses a password with no user, both variables, and a file that cannot be read or is empty', () => {
    const empty = join(tempDir(), 'empty');
    writeFileSync(empty, '\n');
    const cases: [NodeJS.ProcessEnv, string, string][] = [
      [{ PWLESS_MAILPIT_PASSWORD: 'x' }, 'invalid_otp_source', '--otp-from mailpit: PWLESS_MAILPIT_PASSWORD is set, but the URL names no user.'],
      [
        { PWLESS_MAILPIT_PASSWORD: 'x', PWLESS_MAILPIT_PASSWORD_FILE: empty },
        'conflicting_options',
        'Both PWLESS_MAILPIT_PASSWORD and PWLESS_MAILPIT_PASSWORD_FILE are set.',
      ],
      [{ PWLESS_MAILPIT_PASSWORD_FILE: '/nonexistent/pw' }, 'otp_source_password_unreadable', 'PWLESS_MAILPIT_PASSWORD_FILE /nonexistent/pw: no such file.'],
      [{ PWLESS_MAILPIT_PASSWORD_FILE: empty }, 'otp_source_password_unreadable', `PWLESS_MAILPIT_PASSWORD_FILE ${empty} is empty.`],
    ];
    for (const [env, code, message] of cases) {
      const url = new URL(
        env.PWLESS_MAILPIT_PASSWORD !== undefined && env.PWLESS_MAILPIT_PASSWORD_FILE === undefined ? 'http://127.0.0.1:8025/' : 'http://ci@127.0.0.1:8025/',
      );
      let error: unknown;
      try {
        catcherAccess('mailpit', url, env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(code === 'otp_source_password_unreadable' ? ConfigError : UsageError);
      expect(error).toMatchObject({ code, message });
    }
  });
});
