/** The flags `start` and `verify` share (how the code is had, the tokens kept and shown), and --curl's help, which the token commands print too. */
import type { Command } from 'commander';
import { OTP_SOURCES_HELP } from '../../otp/source.ts';
import { DEFAULT_OTP_TIMEOUT_SECONDS } from './code-source.ts';

/** Also printed by the token subcommands. */
export const CURL_HELP = 'after the run, print its requests as curl commands on stderr (secrets as shell variables: "$OTP", "$PWLESS_CLIENT_SECRET", …)';

const OTP_FROM_HELP = `where to read the code: ${OTP_SOURCES_HELP}`;

export function codeOptions(command: Command): Command {
  return command
    .option('--otp <code>', 'the code, when you already have it')
    .option('--otp-from <source>', OTP_FROM_HELP)
    .option('--otp-timeout <seconds>', `how long --otp-from waits for a code (default: ${DEFAULT_OTP_TIMEOUT_SECONDS})`)
    .option('--otp-regex <pattern>', 'how to find the code in a message: its first capture group (default: after "code"/"OTP", else a lone 4–10 digit number)')
    .option('--client-secret-file <path|->', 'the client secret of a Regular Web App, from a file or stdin (or env PWLESS_CLIENT_SECRET)')
    .option('--show-tokens', 'print the tokens in full')
    .option('--no-save', 'do not keep the tokens for `pwless token`')
    .option('--curl', CURL_HELP);
}
