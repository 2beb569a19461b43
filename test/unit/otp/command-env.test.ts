/** The environment of a `--otp-from cmd:` command (src/otp/command-env.ts): a shell's basics, the named variables, never a client secret. */
import { describe, expect, it } from 'vitest';
import { checkPassedVariable, commandEnv } from '../../../src/otp/command-env.ts';
import { UsageError } from '../../../src/core/errors.ts';

const OTP = { PWLESS_OTP_TO: 'a@example.com', PWLESS_OTP_SINCE: '2030-01-01T00:00:00.000Z', PWLESS_OTP_SINCE_MS: '1893456000000' };

describe('commandEnv', () => {
  it("keeps a shell's basics and the named variables, drops the rest", () => {
    const env = {
      PATH: '/usr/bin',
      HOME: '/home/u',
      USER: 'u',
      LOGNAME: 'u',
      SHELL: '/bin/sh',
      TMPDIR: '/tmp/x',
      TERM: 'xterm',
      TZ: 'UTC',
      LANG: 'C.UTF-8',
      LANGUAGE: 'en',
      LC_ALL: 'C.UTF-8',
      LC_CTYPE: 'C.UTF-8',
      MAILPIT_TOKEN: 'named',
      AWS_SECRET_ACCESS_KEY: 'not named',
      PWLESS_DOMAIN: 'tenant.example.com',
      PWLESS_CLIENT_SECRET: 'the secret',
      PWLESS_MGMT_CLIENT_SECRET: 'the other secret',
    };
    expect(commandEnv(env, ['MAILPIT_TOKEN', 'UNSET_ONE'], OTP)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      USER: 'u',
      LOGNAME: 'u',
      SHELL: '/bin/sh',
      TMPDIR: '/tmp/x',
      TERM: 'xterm',
      TZ: 'UTC',
      LANG: 'C.UTF-8',
      LANGUAGE: 'en',
      LC_ALL: 'C.UTF-8',
      LC_CTYPE: 'C.UTF-8',
      MAILPIT_TOKEN: 'named',
      ...OTP,
    });
  });

  it('never passes the client secret, even named; the PWLESS_OTP_* values are its own', () => {
    const env = { PWLESS_CLIENT_SECRET: 's', PWLESS_MGMT_TOKEN: 't', PWLESS_OTP_TO: 'someone-else@example.com' };
    expect(commandEnv(env, ['PWLESS_CLIENT_SECRET', 'PWLESS_MGMT_TOKEN', 'PWLESS_OTP_TO'], OTP)).toEqual(OTP);
  });
});

describe('checkPassedVariable (--otp-env NAME)', () => {
  it('takes a variable name', () => {
    expect(checkPassedVariable('MAILPIT_TOKEN')).toBe('MAILPIT_TOKEN');
    expect(checkPassedVariable('_x1')).toBe('_x1');
  });

  it.each([
    ['1ABC', '--otp-env "1ABC" is not a variable name.'],
    ['A=B', '--otp-env "A=B" is not a variable name.'],
    ['', '--otp-env "" is not a variable name.'],
    ['PWLESS_CLIENT_SECRET', '--otp-env PWLESS_CLIENT_SECRET: that variable holds a secret of the application, and a code command never gets it.'],
    ['PWLESS_MGMT_CLIENT_SECRET', '--otp-env PWLESS_MGMT_CLIENT_SECRET: that variable holds a secret of the application, and a code command never gets it.'],
  ])('refuses %j (exit 2, invalid_otp_env)', (name, message) => {
    const error = (() => {
      try {
        checkPassedVariable(name);
      } catch (e) {
        return e;
      }
    })() as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.code).toBe('invalid_otp_env');
    expect(error.message).toBe(message);
  });
});
