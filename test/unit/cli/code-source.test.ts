/** --otp-env is checked with the other code flags, before anything is sent (src/cli/login/code-source.ts). */
import { describe, expect, it } from 'vitest';
import type { Context } from '../../../src/cli/context.ts';
import { codeSourceFrom, type CodeOptions } from '../../../src/cli/login/code-source.ts';
import type { ConfigData } from '../../../src/config/store.ts';
import { UsageError } from '../../../src/core/errors.ts';

const ctx = { env: {}, interactive: false } as unknown as Context;
const profiles: ConfigData = {
  profiles: { web: { domain: 'https://t.example.com', clientId: 'web', appType: 'regular_web', secret: { kind: 'env', name: 'AUTH0_CLIENT_SECRET' } } },
};

function refusal(options: CodeOptions, config: ConfigData = {}): UsageError {
  try {
    codeSourceFrom(options, ctx, false, config);
  } catch (error) {
    return error as UsageError;
  }
  throw new Error('not refused');
}

describe('--otp-env', () => {
  it('goes with the cmd: source', () => {
    expect(codeSourceFrom({ otpFrom: 'cmd:./mail.sh', otpEnv: ['MAILPIT_TOKEN', 'HTTPS_PROXY'] }, ctx, false, profiles)).toMatchObject({
      kind: 'from',
      source: { kind: 'cmd', command: './mail.sh' },
      passEnv: ['MAILPIT_TOKEN', 'HTTPS_PROXY'],
    });
  });

  it.each<[string, CodeOptions, ConfigData, string, string]>([
    [
      "a profile's secret variable",
      { otpFrom: 'cmd:env', otpEnv: ['AUTH0_CLIENT_SECRET'] },
      profiles,
      'invalid_otp_env',
      '--otp-env AUTH0_CLIENT_SECRET: that variable holds a secret of the application, and a code command never gets it.',
    ],
    [
      'PWLESS_CLIENT_SECRET',
      { otpFrom: 'cmd:env', otpEnv: ['PWLESS_CLIENT_SECRET'] },
      {},
      'invalid_otp_env',
      '--otp-env PWLESS_CLIENT_SECRET: that variable holds a secret of the application, and a code command never gets it.',
    ],
    [
      'another source',
      { otpFrom: 'emulator', otpEnv: ['X'] },
      {},
      'conflicting_options',
      '--otp-env passes variables to the command of --otp-from cmd:…, and there is none.',
    ],
    ['--otp', { otp: '123456', otpEnv: ['X'] }, {}, 'conflicting_options', '--otp-env passes variables to the command of --otp-from cmd:…, and there is none.'],
  ])('refuses %s', (_what, options, config, code, message) => {
    const error = refusal(options, config);
    expect(error).toBeInstanceOf(UsageError);
    expect([error.code, error.message]).toEqual([code, message]);
  });
});
