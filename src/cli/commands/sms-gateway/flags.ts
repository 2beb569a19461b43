/**
 * The flags of `pwless sms-gateway`, a receiver of Auth0's custom SMS gateway contract. Kept apart
 * from its implementation (run.ts), which is only imported when the command runs.
 */
import type { Command } from 'commander';
import { DEFAULT_SMS_GATEWAY_MAX_MESSAGES, DEFAULT_SMS_GATEWAY_PORT } from '../../flag-values.ts';
import type { Execute } from '../../task.ts';

export function defineSmsGatewayCommand(smsGateway: Command, execute: Execute): void {
  smsGateway
    .option('--port <port>', 'port to listen on; 0 picks a free one', String(DEFAULT_SMS_GATEWAY_PORT))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--jwt-secret-file <path>', "file holding the connection's gateway_authentication.secret: requests without a valid bearer JWT are refused")
    .option('--subject <sub>', 'the sub the JWT must carry (gateway_authentication.subject)')
    .option('--audience <aud>', 'the aud the JWT must carry (gateway_authentication.audience)')
    .option('--secret-base64', 'the secret is base64url-encoded (gateway_authentication.secret_base64_encoded)')
    .option('--max-messages <count>', 'messages kept in memory, the oldest dropped first', String(DEFAULT_SMS_GATEWAY_MAX_MESSAGES))
    .option('--show-codes', 'print the codes and message texts on stderr (masked by default)')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      await execute(opts, async (ctx) => (await import('./run.ts')).smsGateway(opts, ctx));
    });
}
