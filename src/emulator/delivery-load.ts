/**
 * Builds what the emulator delivers with (real-delivery.ts) from its settings and tenant, when it
 * starts: the parsed templates (a template that does not parse stops the start, naming the tenant
 * file, the field and the line), the SMS gateway's secret read from its file, the SMTP sender.
 */
import { readFile } from 'node:fs/promises';
import { EmulatorConfigError } from './errors.ts';
import type { EmulatorSettings } from './options.ts';
import type { Delivery } from './delivery.ts';
import { gatewayKey, SmsGatewayClient, type GatewayTarget } from './sms-gateway.ts';
import { SmtpSender } from './smtp.ts';
import { compileTemplates } from './templates.ts';
import type { Tenant } from './tenant.ts';

async function readSecret(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new EmulatorConfigError('smsGateway', `Cannot read the SMS gateway secret file ${path} (${reason}): give a readable file holding the secret.`, {
      cause: err,
      file: path,
    });
  }
  // A file written by `echo` ends with a newline that is not part of the secret.
  const secret = text.replace(/\r?\n$/, '');
  if (secret.trim() === '') throw new EmulatorConfigError('smsGateway', `The SMS gateway secret file ${path} is empty: put the secret in it.`, { file: path });
  return secret;
}

async function defaultGateway(settings: EmulatorSettings): Promise<GatewayTarget | undefined> {
  const option = settings.delivery.smsGateway;
  if (option === undefined) return undefined;
  const secret = option.secretFile === undefined ? option.secret : await readSecret(option.secretFile);
  if (secret !== undefined && option.secretBase64Encoded === true && !/^[A-Za-z0-9_-]+={0,2}$/.test(secret)) {
    throw new EmulatorConfigError(
      'smsGateway',
      'The SMS gateway secret is not base64url text (A-Z a-z 0-9 - _): drop --sms-gateway-secret-base64, or encode the secret.',
    );
  }
  return {
    url: option.url,
    ...(secret === undefined ? {} : { secret: gatewayKey(secret, option.secretBase64Encoded ?? false) }),
    ...(option.subject === undefined ? {} : { subject: option.subject }),
    ...(option.audience === undefined ? {} : { audience: option.audience }),
    forwardReqInfo: option.forwardReqInfo ?? false,
    timeoutMs: settings.delivery.smsGatewayTimeoutMs,
  };
}

export async function loadDelivery(settings: EmulatorSettings, tenant: Tenant): Promise<Delivery> {
  const templates = await compileTemplates(tenant, typeof settings.tenant === 'string' ? { file: settings.tenant } : {});
  const { smtp, smtpFailure, smsGatewayTimeoutMs } = settings.delivery;
  return {
    templates,
    smtp: smtp === undefined ? undefined : new SmtpSender(smtp),
    smtpFailure,
    defaultGateway: await defaultGateway(settings),
    gatewayTimeoutMs: smsGatewayTimeoutMs,
    gatewayClient: new SmsGatewayClient(),
  };
}
