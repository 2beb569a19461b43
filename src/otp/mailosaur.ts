/**
 * Code source `mailosaur:<server-id>`: Mailosaur's hosted inboxes and phone numbers
 * (https://mailosaur.com/docs/api), for a tenant that sends to real addresses. Searches
 * `POST /api/messages/search?server=…&receivedAfter=…` with `{sentTo}` (newest first), then reads
 * `GET /api/messages/{id}`: its `text` and `html` bodies, and the codes and links Mailosaur found.
 * The API key comes only from MAILOSAUR_API_KEY (never a flag: it would show in `ps` and shell
 * history), sent as HTTP Basic with the key as user name, as Mailosaur's own clients do;
 * PWLESS_MAILOSAUR_URL points elsewhere (a test double; Mailosaur's clients call it `baseUrl`).
 */
import { htmlToText } from './html-text.ts';
import { MAILOSAUR_API, mailosaurAccess } from './mailosaur-access.ts';
import {
  apiUrl,
  callApi,
  CLOCK_SLACK_MS,
  isNewEnough,
  isObject,
  pollForMessage,
  sameRecipient,
  timeOf,
  unexpectedShape,
  type DeliveredMessage,
} from './message-poll.ts';
import type { ReadContext } from './read-context.ts';

const ITEMS_PER_PAGE = '50';

export function messageFromMailosaur(serverId: string, rc: ReadContext): Promise<DeliveredMessage> {
  const { api, key } = mailosaurAccess(rc.env);
  const source = `Mailosaur server ${serverId}${api.origin === new URL(MAILOSAUR_API).origin ? '' : ` at ${api.origin}`}`;
  const headers = { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
  const unauthorizedHint = 'Check MAILOSAUR_API_KEY: a key of this account, with access to that server.';
  const receivedAfter = new Date(rc.sinceMs - CLOCK_SLACK_MS).toISOString();
  return pollForMessage(
    rc,
    { source, hint: 'Check that the tenant sends to a Mailosaur address or number of that server; or raise --otp-timeout.' },
    async () => {
      const found = await callApi(
        {
          source,
          unauthorizedHint,
          request: {
            method: 'POST',
            url: apiUrl(api, 'api/messages/search', { server: serverId, receivedAfter, page: '0', itemsPerPage: ITEMS_PER_PAGE }),
            headers,
            json: { sentTo: rc.identity },
          },
        },
        rc,
      );
      if (!isObject(found) || !Array.isArray(found.items)) throw unexpectedShape(source, 'POST /api/messages/search');
      const newest = found.items
        .filter(
          (m: unknown): m is { id: string; received: string } =>
            isObject(m) && typeof m.id === 'string' && isNewEnough(timeOf(m.received), rc) && sentTo(m, rc.identity),
        )
        .sort((a, b) => timeOf(b.received) - timeOf(a.received))[0];
      if (newest === undefined) return undefined;
      const message = await callApi(
        {
          source,
          unauthorizedHint,
          notFoundIsEmpty: true,
          request: { method: 'GET', url: apiUrl(api, `api/messages/${encodeURIComponent(newest.id)}`), headers },
        },
        rc,
      );
      if (message === undefined) return undefined; // deleted between the search and the read
      if (!isObject(message)) throw unexpectedShape(source, 'GET /api/messages/{id}');
      return readMessage(newest.id, message);
    },
  );
}

/** Whether a summary's `to` holds the address or number (Mailosaur's `sentTo` already asks; this keeps a lax double honest). */
function sentTo(summary: Record<string, unknown>, identity: string): boolean {
  if (!Array.isArray(summary.to)) return false;
  return summary.to.some(
    (to: unknown) => isObject(to) && [to.email, to.phone].some((address) => typeof address === 'string' && address !== '' && sameRecipient(address, identity)),
  );
}

function readMessage(id: string, message: Record<string, unknown>): DeliveredMessage {
  const text = isObject(message.text) ? message.text : {};
  const html = isObject(message.html) ? message.html : {};
  const texts = [typeof text.body === 'string' ? text.body : '', typeof html.body === 'string' ? htmlToText(html.body) : ''].filter((t) => t !== '');
  const firstOf = (list: unknown, field: string): string | undefined => {
    if (!Array.isArray(list)) return undefined;
    const item = list.find((entry: unknown) => isObject(entry) && typeof entry[field] === 'string');
    return item === undefined ? undefined : ((item as Record<string, string>)[field] as string);
  };
  const links = [text.links, html.links]
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .filter(isObject)
    .map((l) => l.href)
    .filter((h) => typeof h === 'string');
  return {
    id,
    texts: links.length > 0 ? [...texts, links.join('\n')] : texts,
    code: firstOf(text.codes, 'value') ?? firstOf(html.codes, 'value'),
  };
}
