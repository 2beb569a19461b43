/** The flags `start` and `verify` share (how the code is had, the tokens kept and shown), and --curl (its help is in flag-values.ts: the token commands print it too). */
import type { Command } from 'commander';
import { OTP_SOURCES_HELP } from '../../otp/source.ts';
import { collectRepeated, CURL_HELP, OTP_ENV_HELP } from '../flag-values.ts';
import { DEFAULT_OTP_TIMEOUT_SECONDS } from './code-source.ts';

const OTP_FROM_HELP = `where to read the code: ${OTP_SOURCES_HELP}`;

export function codeOptions(command: Command): Command {
  return command
    .option('--otp <code>', 'the code, when you already have it')
    .option('--otp-from <source>', OTP_FROM_HELP)
    .option('--otp-timeout <seconds>', `how long --otp-from waits for a code (default: ${DEFAULT_OTP_TIMEOUT_SECONDS})`)
    .option('--otp-env <name>', OTP_ENV_HELP, collectRepeated)
    .option('--otp-regex <pattern>', 'how to find the code in a message: its first capture group (default: after "code"/"OTP", else a lone 4–10 digit number)')
    .option('--client-secret-file <path|->', 'the client secret of a Regular Web App, from a file or stdin (or env PWLESS_CLIENT_SECRET)')
    .option('--show-tokens', 'print the tokens in full')
    .option('--no-save', 'do not keep the tokens for `pwless token`')
    .option('--curl', CURL_HELP);
}
