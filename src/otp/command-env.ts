/**
 * The environment of a `--otp-from cmd:` command. Not pwless's own: that holds whatever the shell
 * that ran pwless had — PWLESS_CLIENT_SECRET, API keys, cloud credentials — and a command only
 * needs to find a message. It gets:
 *  - what a shell and the usual tools (curl, jq, a script) need to run: PATH, HOME, USER, LOGNAME,
 *    SHELL, TMPDIR, TERM, TZ, LANG, LANGUAGE and the LC_* locale variables (the variables POSIX
 *    lists for the shell and the utilities, XBD §8 "Environment Variables":
 *    https://pubs.opengroup.org/onlinepubs/9799919799/basedefs/V1_chap08.html);
 *  - PWLESS_OTP_TO, PWLESS_OTP_SINCE and PWLESS_OTP_SINCE_MS: which message to look for;
 *  - each variable the user names with --otp-env NAME (a proxy, a mail catcher's token), when set.
 * The client secret is never passed, even when named (docs/security.md, "Processes, locks and files").
 */
import { UsageError } from '../core/errors.ts';

const SHELL_VARIABLES = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TERM', 'TZ', 'LANG', 'LANGUAGE'];
const LOCALE_VARIABLE = /^LC_[A-Z]+$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The client secret, and the Management API credentials: never handed to a command. */
const SECRET_VARIABLE = /^(?:PWLESS_CLIENT_SECRET|PWLESS_MGMT_[A-Za-z0-9_]*)$/;

/** A name given to --otp-env, checked before anything is sent. */
export function checkPassedVariable(name: string): string {
  if (!VARIABLE_NAME.test(name)) {
    throw new UsageError(`--otp-env ${JSON.stringify(name)} is not a variable name.`, {
      code: 'invalid_otp_env',
      hint: 'Name one variable per --otp-env: letters, digits and "_", not starting with a digit (e.g. --otp-env MAILPIT_TOKEN).',
    });
  }
  if (SECRET_VARIABLE.test(name)) throw secretNamed(name);
  return name;
}

/** The refusal of a variable that holds the client secret (PWLESS_CLIENT_SECRET, or the one a profile's env:VAR reference names). */
export function secretNamed(name: string): UsageError {
  return new UsageError(`--otp-env ${name}: that variable holds a secret of the application, and a code command never gets it.`, {
    code: 'invalid_otp_env',
    hint: 'Drop it: the command only needs what finds the message (its address, a mail catcher token).',
  });
}

/** The command's whole environment: the shell's basics, the named variables that are set, and the PWLESS_OTP_* values. */
export function commandEnv(env: NodeJS.ProcessEnv, passed: readonly string[], otp: Record<string, string>): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    const wanted = SHELL_VARIABLES.includes(name) || LOCALE_VARIABLE.test(name) || passed.includes(name);
    if (wanted && value !== undefined && !SECRET_VARIABLE.test(name)) kept[name] = value;
  }
  return { ...kept, ...otp };
}
