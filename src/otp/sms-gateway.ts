/**
 * Code source `sms-gateway:<url>`: a `pwless sms-gateway` receiver, which a tenant's custom SMS
 * gateway (Auth0 docs, "Set Up Custom SMS Gateway for Passwordless Connections":
 * https://auth0.com/docs/authenticate/passwordless/authentication-methods/use-sms-gateway-passwordless)
 * or the emulator's `--sms-gateway` POSTs to. Polls its `GET /messages?to=&since=` (the shape of the
 * emulator's outbox, newest first) for the newest message to the number since the request.
 */
import {
  apiUrl,
  callApi,
  CLOCK_SLACK_MS,
  isNewEnough,
  isObject,
  pollForMessage,
  sameRecipient,
  sourceAt,
  timeOf,
  unexpectedShape,
  type DeliveredMessage,
} from './message-poll.ts';
import { catcherAccess } from './catcher-access.ts';
import type { ReadContext } from './read-context.ts';

export function messageFromSmsGateway(configured: URL, rc: ReadContext): Promise<DeliveredMessage> {
  const { base, headers } = catcherAccess('sms-gateway', configured, rc.env);
  const source = sourceAt('the SMS gateway', base);
  const since = String(rc.sinceMs - CLOCK_SLACK_MS);
  return pollForMessage(
    rc,
    { source, hint: "Check that the tenant's SMS connection has this receiver as gateway_url (through the tunnel), and the number; or raise --otp-timeout." },
    async () => {
      const found = await callApi(
        {
          source,
          unauthorizedHint:
            'Something in front of the receiver (a tunnel, a proxy) asks for a password: give the user in the URL, sms-gateway:https://user@host, and the password in PWLESS_SMS_GATEWAY_PASSWORD (or a file named by PWLESS_SMS_GATEWAY_PASSWORD_FILE).',
          request: { method: 'GET', url: apiUrl(base, 'messages', { to: rc.identity, since }), headers },
        },
        rc,
      );
      if (!isObject(found) || !Array.isArray(found.messages)) throw unexpectedShape(source, 'GET /messages');
      const newest = found.messages.find(
        (m: unknown) =>
          isObject(m) && typeof m.id === 'string' && typeof m.to === 'string' && sameRecipient(m.to, rc.identity) && isNewEnough(timeOf(m.created_at), rc),
      ) as { id: string; body?: unknown; code?: unknown; link?: unknown } | undefined;
      if (newest === undefined) return undefined;
      return {
        id: newest.id,
        texts: typeof newest.body === 'string' ? [newest.body] : [],
        code: typeof newest.code === 'string' ? newest.code : undefined,
        link: typeof newest.link === 'string' ? newest.link : undefined,
      };
    },
  );
}
